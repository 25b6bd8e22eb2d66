import dockerignoreModule from "@balena/dockerignore";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pack } from "tar-fs";

// The package is CommonJS (module.exports = factory) while its types declare a default export.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

/**
 * The build context as Docker's CLI sends it: the folder as a tar stream,
 * without what .dockerignore excludes (the Dockerfile and .dockerignore are
 * always sent, as Docker requires).
 */
export async function packBuildContext(context: string, dockerfile: string): Promise<NodeJS.ReadableStream> {
  const entries = await buildContextFiles(context, dockerfile);
  // tar-fs 3 returns a streamx Readable; docker-modem only needs .pipe(), which it has.
  return pack(context, { entries }) as unknown as NodeJS.ReadableStream;
}

/**
 * The files (paths relative to `context`, with `/`) a build sends: the one list
 * both the tar stream and the context hash (context-hash.ts) are made from, so
 * the hash changes exactly when what the engine gets changes.
 */
export async function buildContextFiles(context: string, dockerfile: string): Promise<string[]> {
  const rules = await readFile(join(context, ".dockerignore"), "utf8").catch(() => "");
  const ignore = dockerignore({ ignorecase: false }).add(rules);
  return (await listFiles(context)).filter(
    (path) => path === dockerfile || path === ".dockerignore" || !ignore.ignores(path),
  );
}

async function listFiles(root: string): Promise<string[]> {
  const found = await readdir(root, { recursive: true, withFileTypes: true });
  return found
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split("\\").join("/"));
}
