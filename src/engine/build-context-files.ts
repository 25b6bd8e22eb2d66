import dockerignoreModule from "@balena/dockerignore";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

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
  const keep = (path: string) => path === dockerfile || path === ".dockerignore" || !ignore.ignores(path);
  // Without exceptions (`!pattern`), nothing under an ignored folder is sent: its files are not even listed, as the
  // docker CLI skips it. That is most of the cost of a context beside its node_modules.
  const exceptions = rules.split("\n").some((line) => line.trim().startsWith("!"));
  const files: string[] = [];
  await walk(context, "", (dir) => exceptions || keep(dir), files);
  return files.filter(keep);
}

async function walk(root: string, dir: string, enter: (dir: string) => boolean, files: string[]): Promise<void> {
  const entries = await readdir(join(root, dir), { withFileTypes: true });
  const below: Array<Promise<void>> = [];
  for (const entry of entries) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (!entry.isDirectory()) files.push(path);
    else if (enter(path)) below.push(walk(root, path, enter, files));
  }
  await Promise.all(below);
}
