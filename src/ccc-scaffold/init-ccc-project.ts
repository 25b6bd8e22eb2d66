// `boss ccc init DIR`: lays out a Container Control Core image project. The
// core and the adapter base are boss's and are refreshed on every run; the
// adapter, config.yaml, Dockerfile and .dockerignore are the user's and are
// written only when absent.
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ADAPTER_FILE, CONFIG_YAML, DOCKERFILE, DOCKERIGNORE, SKELETON_ADAPTER } from "./templates.js";

export interface InitCccOptions {
  /** The bundled core; default: dist/ccc-core.cjs of this package. */
  coreFile?: string;
  /** The adapter base class as CommonJS; default: dist/ccc-adapter.cjs. */
  adapterRuntimeFile?: string;
  /** The adapter types; default: dist/core/adapter.d.ts. */
  adapterTypesFile?: string;
}

export interface InitCccResult {
  /** Files created now. */
  written: string[];
  /** boss-owned files replaced with this version's copy. */
  updated: string[];
  /** User-owned files left as they were. */
  skipped: string[];
}

/** The user-facing error when the package was not built (no bundle to copy). */
export class MissingCoreBuildError extends Error {
  override readonly name = "MissingCoreBuildError";
}

function distFile(name: string): string {
  // dist/ccc-scaffold/init-ccc-project.js → dist/<name>; from src/ (tsx) → dist/<name> too.
  const candidates = [new URL(`../${name}`, import.meta.url), new URL(`../../dist/${name}`, import.meta.url)];
  const found = candidates.map((u) => fileURLToPath(u)).find((path) => existsSync(path));
  if (!found)
    throw new MissingCoreBuildError(
      `${name} not found next to boss (looked in ${candidates.map((u) => fileURLToPath(u)).join(", ")}); run npm run build`,
    );
  return found;
}

export async function initCccProject(dir: string, options: InitCccOptions = {}): Promise<InitCccResult> {
  const result: InitCccResult = { written: [], updated: [], skipped: [] };
  await mkdir(dir, { recursive: true });

  const owned: [string, string][] = [
    ["ccc-core.cjs", options.coreFile ?? distFile("ccc-core.cjs")],
    ["ccc-adapter.cjs", options.adapterRuntimeFile ?? distFile("ccc-adapter.cjs")],
    // .d.cts: the types TypeScript picks for `require("./ccc-adapter.cjs")`.
    ["ccc-adapter.d.cts", options.adapterTypesFile ?? distFile("core/adapter.d.ts")],
  ];
  for (const [name, source] of owned) {
    const target = join(dir, name);
    const existed = existsSync(target);
    if (name.endsWith(".d.cts")) {
      const types = (await readFile(source, "utf8")).replace(/^\/\/# sourceMappingURL=.*$/m, "");
      await writeFile(target, types);
    } else {
      await copyFile(source, target);
    }
    (existed ? result.updated : result.written).push(name);
  }

  const userOwned: [string, string][] = [
    [ADAPTER_FILE, SKELETON_ADAPTER],
    ["config.yaml", CONFIG_YAML],
    ["Dockerfile", DOCKERFILE],
    [".dockerignore", DOCKERIGNORE],
  ];
  for (const [name, text] of userOwned) {
    const target = join(dir, name);
    if (existsSync(target)) {
      result.skipped.push(name);
      continue;
    }
    await writeFile(target, text, { flag: "wx" });
    result.written.push(name);
  }
  return result;
}
