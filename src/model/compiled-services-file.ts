/**
 * A services file compiled once with esbuild (the transformer tsx itself
 * uses) into one ES module kept in a cache, so that later commands import
 * plain JavaScript natively: no loader hooks, no loader thread, and none of
 * boss's own modules or node_modules routed through them. tsx loads the file
 * the first time it cannot be compiled to the same meaning, and always when
 * BOSS_NO_COMPILE_CACHE is set.
 *
 * The cache entry of a file is valid while the contents of every local file
 * it imported (and the tsconfig.json and package.json nearest to it) are what
 * they were when it was compiled, and for this boss only: its version and
 * the place it runs from are part of the entry's key.
 */
import { createHash } from "node:crypto";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Where `import "boss"` and `import "boss/core"` go: the running boss. */
export type BossTargets = Record<"boss" | "boss/core", URL>;

/** The boss that loads the file: a compiled module is valid for it alone. */
export interface RunningBoss {
  version: string;
  targets: BossTargets;
}

/** What the cache holds for one services file. */
interface Manifest {
  /** Each input's path → the sha256 of its contents when compiled. */
  inputs: Record<string, string>;
  /** The compiled module (a file beside the manifest); absent: tsx loads this file. */
  output?: string;
}

/** Bump when what compile() writes changes meaning. */
const formatVersion = 1;
/** Compiled modules nobody loaded for this long are removed when another file is compiled. */
const unusedForMs = 14 * 24 * 3600 * 1000;

/**
 * The file URL of the compiled module to import for `file`, compiling it on
 * a miss; undefined when tsx should load the file instead.
 */
export async function compiledServicesFile(file: string, boss: RunningBoss): Promise<string | undefined> {
  if (process.env.BOSS_NO_COMPILE_CACHE) return undefined;
  const dir = cacheDir(dirname(file));
  const manifestPath = join(dir, `${entryKey(file, boss)}.json`);
  const cached = readManifest(manifestPath);
  if (cached && unchanged(cached.inputs)) {
    if (!cached.output) return undefined;
    touch(join(dir, cached.output));
    return pathToFileURL(join(dir, cached.output)).href;
  }
  const compiled = await compile(file, boss.targets, join(dir, "pending.mjs"));
  const inputs = hashAll([...compiled.inputs, ...nearestConfigs(dirname(file))]);
  try {
    mkdirSync(dir, { recursive: true });
    const manifest: Manifest = { inputs };
    if (compiled.code !== undefined) {
      manifest.output = `${createHash("sha256").update(compiled.code).digest("hex").slice(0, 24)}.mjs`;
      writeAtomically(join(dir, manifest.output), compiled.code);
    }
    writeAtomically(manifestPath, JSON.stringify(manifest));
    removeUnused(dir);
    return manifest.output ? pathToFileURL(join(dir, manifest.output)).href : undefined;
  } catch {
    return undefined; // a cache that cannot be written: tsx, as without one
  }
}

/**
 * Remembers that tsx loads `file` (its compiled module would not link: a
 * named import from a CommonJS package, say), until one of its inputs changes.
 */
export function rememberTsxFor(file: string, boss: RunningBoss, compiledUrl: string): void {
  const dir = cacheDir(dirname(file));
  const manifestPath = join(dir, `${entryKey(file, boss)}.json`);
  const manifest = readManifest(manifestPath);
  if (!manifest || !compiledUrl.endsWith(`/${manifest.output}`)) return;
  try {
    writeAtomically(manifestPath, JSON.stringify({ inputs: manifest.inputs }));
  } catch {
    // Not remembered: the next load tries the compiled module again, then tsx.
  }
}

/**
 * Beside the packages the services file imports, so that they resolve from
 * the compiled module as they do from the file: `node_modules/.cache/boss` in
 * the nearest folder that has a node_modules, as other tools keep their
 * caches; with none, the user's cache folder (the file can then import no
 * package but boss, compiled or not).
 */
function cacheDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isDirectory(join(dir, "node_modules"))) return join(dir, "node_modules", ".cache", "boss");
    if (dirname(dir) === dir) break;
  }
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "boss", "services-files");
}

/** One entry per services file, per boss (its version and where it runs from), per format. */
function entryKey(file: string, boss: RunningBoss): string {
  const { targets } = boss;
  const id = [formatVersion, boss.version, targets.boss.href, targets["boss/core"].href, resolve(file)].join("\0");
  return createHash("sha256").update(id).digest("hex").slice(0, 32);
}

interface Compiled {
  /** Absent: the file uses what a compiled copy elsewhere would change (see needsItsOwnPlace). */
  code?: string;
  /** The local files it is made of, absolute. */
  inputs: string[];
}

/** Why tsx is to load a file: a reason, not an error the user sees. */
class NotCompilable extends Error {}

/**
 * Bundles the file and the local files it imports into one ES module;
 * packages stay imports, resolved where the module is written (`outfile`,
 * the cache folder). Fails (to tsx) on anything esbuild reports, so that
 * syntax errors and missing files read as tsx reports them.
 */
async function compile(file: string, boss: BossTargets, outfile: string): Promise<Compiled> {
  const inputs = new Set<string>([resolve(file)]);
  const esbuild = await import("esbuild");
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      outfile,
      write: false,
      bundle: true,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node}`,
      packages: "external",
      sourcemap: "inline",
      // With the sources in the map, tools that read it (node --experimental-test-coverage) find every line.
      sourcesContent: true,
      logLevel: "silent",
      plugins: [
        {
          name: "boss",
          setup(build) {
            build.onResolve({ filter: /^boss(\/core)?$/ }, (args) => ({
              path: boss[args.path as keyof BossTargets].href,
              external: true,
            }));
            build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
              inputs.add(args.path);
              const source = readFileSync(args.path, "utf8");
              if (needsItsOwnPlace(source)) throw new NotCompilable(args.path);
              return undefined; // esbuild reads it as usual
            });
          },
        },
      ],
    });
    if (result.warnings.length) return { inputs: [...inputs] };
    const code = result.outputFiles.find((f) => f.path.endsWith(".mjs"))?.text;
    return code === undefined ? { inputs: [...inputs] } : { code, inputs: [...inputs] };
  } catch {
    // Its own errors (syntax, unresolved imports), or NotCompilable: tsx loads it and reports them.
    return { inputs: [...inputs] };
  }
}

/**
 * Code that reads where it is (import.meta, __dirname), or loads modules the
 * CommonJS way (require, module.exports), means something else from a copy in
 * the cache: such a file is left to tsx. A mention in a comment or a string
 * counts too; it only costs that file the fast path.
 */
function needsItsOwnPlace(source: string): boolean {
  return /\bimport\.meta\b|\b__dirname\b|\b__filename\b|\brequire\s*[(.]|\bmodule\.exports\b|\bexports\.\w/.test(
    source,
  );
}

/** The tsconfig.json and package.json esbuild read for the file: their settings change what it compiles to. */
function nearestConfigs(from: string): string[] {
  const found: string[] = [];
  for (const name of ["tsconfig.json", "package.json"]) {
    for (let dir = from; ; dir = dirname(dir)) {
      const path = join(dir, name);
      if (isFile(path)) {
        found.push(path);
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return found;
}

function hashAll(paths: readonly string[]): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, hashOf(path)]));
}

function unchanged(inputs: Record<string, string>): boolean {
  return Object.entries(inputs).every(([path, hash]) => hashOf(path) === hash);
}

function hashOf(path: string): string {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return "missing";
  }
}

function readManifest(path: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    return typeof manifest.inputs === "object" && manifest.inputs !== null ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Temp file and rename: a boss that reads it at the same moment sees the old file or the new, never half. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Marks a compiled module as used (its mtime), so removeUnused keeps it. */
function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // An unwritable cache is only read.
  }
}

function removeUnused(dir: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".mjs")) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > unusedForMs) unlinkSync(path);
    } catch {
      // Gone already, or another boss's: left.
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
