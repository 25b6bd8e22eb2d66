import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire, register } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { register as TsxRequireRegister } from "tsx/cjs/api";
import { isBossError, UserError, type UserErrorSource } from "../errors.js";
import type { ServiceDefinition, ServicesFile } from "./definition.js";
import { ServiceGraph } from "./graph.js";
import { isServiceClass } from "./service.js";
import { compiledServicesFile, rememberTsxFor, type BossTargets, type RunningBoss } from "./compiled-services-file.js";
import { GroupState, outsideGroupState, withGroupState } from "./group-state.js";
import { isLoadingServicesFile, loadingServicesFile } from "./loading-flag.js";
import { validateService } from "./validate.js";
import { unknownFieldWarnings, type LoadWarning } from "./unknown-fields.js";
import { unexportedServiceWarnings } from "./unexported-services.js";

/** Looked for in this order in the current folder when no `-f` is given. */
export const servicesFileNames = ["boss.ts", "boss.config.ts", "boss.js", "boss.mjs"] as const;

export function findServicesFile(cwd: string, explicit?: string): string {
  return locateServicesFile(cwd, explicit).file;
}

/**
 * The services file: `-f` relative to `cwd`, else the first of servicesFileNames in `cwd` or, as compose looks
 * for its file, in the nearest parent folder that has one. `above` says it was found in a parent folder.
 */
export function locateServicesFile(cwd: string, explicit?: string): { file: string; above: boolean } {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new UserError(`services file not found: ${path}`, { field: "-f/--file" });
    return { file: path, above: false };
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of servicesFileNames) {
      const path = join(dir, name);
      if (existsSync(path)) return { file: path, above: dir !== resolve(cwd) };
    }
    if (dirname(dir) === dir) break;
  }
  throw new UserError(
    `no services file in ${cwd} or its parent folders: looked for ${servicesFileNames.join(", ")}; use -f PATH to name one`,
  );
}

export interface LoadOptions {
  /**
   * The module was already evaluated (a services file run as a script that
   * called cli()): import it again as it is instead of loading a fresh copy.
   */
  alreadyLoaded?: boolean;
}

/** Loads a services file with tsx, finds its Service classes and validates them and their graph. */
export async function loadServicesFile(
  file: string,
  options: LoadOptions = {},
): Promise<{
  servicesFile: ServicesFile;
  graph: ServiceGraph;
  /** What the file registered while it loaded (group, hooks, Context values): its group's own. */
  state: GroupState;
  /** What looks wrong but does not stop it loading: unknown fields close to known ones, unexported services. */
  warnings: LoadWarning[];
}> {
  const dir = dirname(file);
  // A file run as a script registered outside any group before it called cli(); a fresh load gets its own state.
  const state = options.alreadyLoaded ? outsideGroupState() : new GroupState();
  const exports = options.alreadyLoaded
    ? await importLoaded(file)
    : await withGroupState(state, () => importFresh(file));
  const services = withGroupState(state, () => collectServices(exports, file, dir));
  checkUnique(services, file);
  const graph = new ServiceGraph(services, file);
  const warnings = [
    ...unexportedServiceWarnings(file, exportedServiceNames(exports)),
    ...services.flatMap((s) => unknownFieldWarnings(s.instance, s.className, file)),
  ];
  return { servicesFile: { file, dir, group: groupName(state, dir, file), services }, graph, state, warnings };
}

export { isLoadingServicesFile };

async function importFresh(file: string): Promise<Record<string, unknown>> {
  const done = loadingServicesFile();
  try {
    return (await importCompiled(file)) ?? (await importWithTsx(file));
  } catch (error) {
    throw loadError(error, file);
  } finally {
    done();
  }
}

let loads = 0;

/**
 * The file's compiled module from the cache (compiled-services-file.ts),
 * evaluated afresh (a query per load); undefined when tsx is to load it,
 * also when the module does not link — a link error comes before any of the
 * file's code runs, so tsx loading it after runs nothing twice.
 */
async function importCompiled(file: string): Promise<Record<string, unknown> | undefined> {
  const url = await compiledServicesFile(file, thisBoss());
  if (!url) return undefined;
  // Its inline source map puts the file's own paths and lines into stacks, as tsx does.
  process.setSourceMapsEnabled(true);
  try {
    return (await import(`${url}?load=${++loads}`)) as Record<string, unknown>;
  } catch (error) {
    if (!isLinkError(error, url)) throw error;
    rememberTsxFor(file, thisBoss(), url);
    return undefined;
  }
}

/** Resolving or linking the module failed (a package not found, a named export CommonJS does not give). */
function isLinkError(error: unknown, url: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (
    typeof code === "string" &&
    /^ERR_(MODULE_NOT_FOUND|PACKAGE_PATH_NOT_EXPORTED|UNSUPPORTED_DIR_IMPORT)$/.test(code)
  )
    return true;
  // A SyntaxError at link time names no frame of the module; one its code threw does.
  return error instanceof SyntaxError && !(error.stack ?? "").includes(url);
}

async function importWithTsx(file: string): Promise<Record<string, unknown>> {
  registerBossSpecifier();
  // tsx is imported here, not at the top: commands that load no services file (--help) start faster.
  if (isCommonJsTypeScript(file))
    return requireFresh(file, (await import("tsx/cjs/api")).register, await runningBoss());
  const { tsImport } = await import("tsx/esm/api");
  return (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
}

/**
 * A CommonJS-format file goes through tsx's require hook: tsImport would run
 * it from a data: URL without a source map, so an error thrown while it loads
 * could not be traced to its line. A namespace per load gives a fresh copy.
 */
function requireFresh(
  file: string,
  registerTsxRequire: typeof TsxRequireRegister,
  running: Array<[path: string, exports: unknown]>,
): Record<string, unknown> {
  const namespace = randomUUID();
  const api = registerTsxRequire({ namespace });
  // tsx keeps a namespaced require's modules under "<path>?namespace=<ns>" and would load
  // boss's ESM entry there again as CommonJS: a second copy of boss and all its dependencies
  // (~130 modules, most of a second on every command). The running boss's own modules under
  // those keys are what require("boss") returns instead. Should tsx change its keys, they
  // are just not used and the copy is loaded as before.
  const cache = createRequire(import.meta.url).cache;
  const keys = running.map(([path, exports]) => {
    const key = `${path}?namespace=${namespace}`;
    const loaded = new Module(key);
    loaded.exports = exports;
    loaded.filename = path;
    loaded.loaded = true;
    cache[key] = loaded;
    return key;
  });
  try {
    return api.require(file, import.meta.url) as Record<string, unknown>;
  } catch (error) {
    // The stack is formatted on first read: read it while tsx's source maps are still on.
    if (error instanceof Error) void error.stack;
    throw error;
  } finally {
    api.unregister();
    for (const key of keys) delete cache[key];
  }
}

/** This boss's `boss` and `boss/core` modules by file path, for a CommonJS services file. */
async function runningBoss(): Promise<Array<[string, unknown]>> {
  const targets = Object.values(bossTargets());
  return Promise.all(
    targets.map(async (url): Promise<[string, unknown]> => [fileURLToPath(url), await import(url.href)]),
  );
}

let version: string | undefined;

function thisBoss(): RunningBoss {
  version ??= (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
  return { version, targets: bossTargets() };
}

/** `boss` and `boss/core` in a services file: this running boss's entry points. */
function bossTargets(): BossTargets {
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  return {
    boss: new URL(`../index${ext}`, import.meta.url),
    "boss/core": new URL(`../core/index${ext}`, import.meta.url),
  };
}

/**
 * A .cts file, or a .ts file whose nearest package.json is not "type": "module"
 * (Node's rule). Only TypeScript: tsx's require would take `boss.js` to a
 * `boss.ts` beside it.
 */
function isCommonJsTypeScript(file: string): boolean {
  if (file.endsWith(".cts")) return true;
  if (!file.endsWith(".ts") || file.endsWith(".mts")) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type !== "module";
      } catch {
        return true;
      }
    }
    if (dirname(dir) === dir) return true;
  }
}

async function importLoaded(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

let registered = false;

/**
 * `import "boss"` in a services file means this running boss, wherever the
 * file is and whatever node_modules it has. tsx loads a .ts file outside an
 * ESM package as CommonJS, so both resolvers get the alias: the ESM one
 * through a module hook, the CommonJS one by wrapping its resolver (as tsx
 * itself does); Node >= 20.19 require()s our ESM entry.
 */
function registerBossSpecifier(): void {
  if (registered) return;
  registered = true;
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const targets = bossTargets();
  register(new URL(`../model/boss-resolve-hook${ext}`, import.meta.url), {
    data: { index: targets.boss.href, core: targets["boss/core"].href },
  });
  const cjs = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolveFilename = cjs._resolveFilename;
  cjs._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    const target = request === "boss" || request === "boss/core" ? fileURLToPath(targets[request]) : request;
    return resolveFilename.call(this, target, ...rest);
  };
}

/** Turns what importing threw into one message with the file and line; no stack for user mistakes. */
function loadError(error: unknown, file: string): Error {
  if (isBossError(error)) {
    // By name, not instanceof: the services file's `boss` may be another copy of this module.
    const source = (error as { source?: UserErrorSource }).source;
    return error.name === "UserError" && !source?.file
      ? new UserError(error.message, { file }, { cause: error })
      : error;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  // esbuild (through tsx) reports syntax errors as "<file>:<line>:<col>: ERROR: <text>".
  const syntax = /^(?:.*?:)?(\d+):(\d+): ERROR: (.*)$/m.exec(err.message);
  if (syntax) {
    return new UserError(`syntax error at ${file}:${syntax[1]}:${syntax[2]}: ${syntax[3]}`, {}, { cause: err });
  }
  const location = frameIn(err, file);
  const where = location ? ` at ${location}` : "";
  return new UserError(
    `loading the services file failed${where}: ${err.name}: ${err.message}`,
    { file },
    { cause: err },
  );
}

/** The first stack frame inside `file`, as path:line:column. */
function frameIn(error: Error, file: string): string | undefined {
  const url = pathToFileURL(file).href;
  for (const line of (error.stack ?? "").split("\n")) {
    const match = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!match?.[1]) continue;
    const path = match[1].split("?")[0] ?? "";
    if (path === url || path === file) return `${file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

function collectServices(exports: Record<string, unknown>, file: string, dir: string): ServiceDefinition[] {
  const classes = [...new Set(Object.values(exports).filter(isServiceClass))];
  const instances = classes.map((cls) => {
    try {
      return { cls, instance: new cls() };
    } catch (error) {
      const err = error as Error;
      throw new UserError(
        `constructing the service failed: ${err.message}`,
        { file, service: cls.name },
        { cause: err },
      );
    }
  });
  // A class without a name that other exported services extend is a shared base, not a service.
  const services = instances.filter(
    ({ cls, instance }) =>
      (instance as unknown as { name?: unknown }).name !== undefined ||
      !classes.some((other) => other !== cls && other.prototype instanceof cls),
  );
  if (services.length === 0) {
    throw new UserError("no services found: export at least one class that extends Service", { file });
  }
  return services.map(({ cls, instance }) => validateService(instance, cls.name, file, dir));
}

/** The export names and class names of the module's Service classes. */
function exportedServiceNames(exports: Record<string, unknown>): Set<string> {
  const classes = Object.entries(exports).filter(([, value]) => isServiceClass(value));
  return new Set(classes.flatMap(([key, cls]) => [key, (cls as { name: string }).name]));
}

function checkUnique(services: ServiceDefinition[], file: string): void {
  const names = new Map<string, string>();
  const hostPorts = new Map<string, string>();
  for (const service of services) {
    const other = names.get(service.name);
    if (other) {
      throw new UserError(`name "${service.name}" is also used by class ${other}; names must be unique`, {
        file,
        service: service.className,
        field: "name",
      });
    }
    names.set(service.name, service.className);
    for (const port of service.ports) {
      if (port.hostPort === 0) continue; // the engine picks a free one
      const key = `${port.hostPort}/${port.protocol}`;
      const user = hostPorts.get(key);
      if (user) {
        throw new UserError(`host port ${port.hostPort} is already published by "${user}"`, {
          file,
          service: service.className,
          field: `ports.${port.containerPort}`,
        });
      }
      hostPorts.set(key, service.name);
    }
  }
}

function groupName(state: GroupState, dir: string, file: string): string {
  const set = state.group?.name;
  if (set !== undefined) {
    if (!/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(set)) {
      throw new UserError(
        `group("${set}"): use lowercase letters, digits, '_', '.' and '-', starting with a letter or digit`,
        {
          file,
          field: "group",
        },
      );
    }
    return set;
  }
  return slug(basename(dir)) || "default";
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
}
