import dockerignoreModule from "@balena/dockerignore";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

// The package is CommonJS (module.exports = factory) while its types declare a default export.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

/**
 * The files (paths relative to `context`, with `/`) a build sends: everything
 * but what .dockerignore excludes (the Dockerfile and .dockerignore are always
 * sent, as Docker requires). The one list both the tar stream
 * (build-context.ts) and the context hash (context-hash.ts) are made from, so
 * the hash changes exactly when what the engine gets changes. Apart from the
 * tar code, so that hashing on every start does not load it.
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
