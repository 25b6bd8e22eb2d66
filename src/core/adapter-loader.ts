// Loads the adapter class (and the optional command factory) named in config.yaml
// from a module beside it. Adapters are checked by shape, never `instanceof`:
// the user's copy of ApplicationAdapter is not the one inside this bundle.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isModuleNamespaceObject } from "node:util/types";
import type { AdapterShape, Payload } from "./adapter.js";
import type { CoreConfig, ExportRef } from "./config/config.js";
import { ConfigError, describe } from "./config/config-error.js";

const EXTENSIONS = [".js", ".cjs", ".mjs"];
const ADAPTER_METHODS = ["start", "stop", "update", "getMetrics", "preStartHooks"] as const;

/** Builds the workload's argv from a start payload (the command_factory). */
export type CommandFactory = (payload: Payload) => unknown;

export interface LoadedAdapter {
  adapter: AdapterShape;
  commandFactory: CommandFactory | null;
}

function resolveModuleFile(ref: ExportRef, baseDir: string, key: string): string {
  const explicit = ref.module.startsWith(".") || isAbsolute(ref.module);
  const candidates = explicit
    ? [resolve(baseDir, ref.module)]
    : [join(baseDir, ref.module), ...EXTENSIONS.map((ext) => join(baseDir, `${ref.module}${ext}`))].filter((file) =>
        EXTENSIONS.some((ext) => file.endsWith(ext)),
      );
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    const wanted = explicit ? candidates[0] : `${ref.module}.js, .cjs or .mjs in ${baseDir}`;
    throw new ConfigError(key, `a module file ${wanted}`, "no such file");
  }
  return found;
}

/** Codes of a require() that met an ES module it cannot load synchronously: import() it instead. */
const NEEDS_IMPORT = new Set(["ERR_REQUIRE_ESM", "ERR_REQUIRE_ASYNC_MODULE"]);

/**
 * Loads a module file as import() would, as `{ default: module.exports }` for
 * CommonJS. CommonJS (.cjs, and .js unless it is an ES module) is require()d:
 * the first import() starts Node's ES module loader, about 0.4 MB of the
 * core's idle memory, for an adapter that is usually CommonJS.
 */
async function loadModule(file: string): Promise<Record<string, unknown>> {
  if (!file.endsWith(".mjs")) {
    try {
      const exports: unknown = createRequire(file)(file);
      // require() of an ES module (Node >= 20.19) gives its namespace, as import() does.
      return isModuleNamespaceObject(exports) ? (exports as Record<string, unknown>) : { default: exports };
    } catch (error) {
      if (!NEEDS_IMPORT.has((error as NodeJS.ErrnoException | null)?.code ?? "")) throw error;
    }
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

async function loadExport(ref: ExportRef, baseDir: string, key: string): Promise<unknown> {
  const file = resolveModuleFile(ref, baseDir, key);
  let namespace: Record<string, unknown>;
  try {
    namespace = await loadModule(file);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new ConfigError(key, `a module ${file} that loads`, `an error: ${message}`);
  }
  // A CommonJS module arrives as `default` (its module.exports); named exports
  // are only detected for simple `exports.X =` forms, so look in both.
  const fallback: unknown = namespace.default;
  const container = (typeof fallback === "object" && fallback !== null) || typeof fallback === "function";
  const value =
    namespace[ref.exportName] ??
    (container ? (fallback as Record<string, unknown>)[ref.exportName] : undefined) ??
    (typeof fallback === "function" && fallback.name === ref.exportName ? fallback : undefined);
  if (typeof value !== "function") {
    throw new ConfigError(key, `${file} to export a class named ${ref.exportName}`, describe(value));
  }
  return value;
}

/** Checks an adapter instance by shape. */
export function checkAdapterShape(instance: unknown, key: string, needsStartStop: boolean): AdapterShape {
  if (typeof instance !== "object" || instance === null) throw new ConfigError(key, "a class", describe(instance));
  const record = instance as Record<string, unknown>;
  for (const method of ADAPTER_METHODS) {
    if (record[method] !== undefined && typeof record[method] !== "function") {
      throw new ConfigError(`${key} ${method}`, "a method", describe(record[method]));
    }
  }
  if (needsStartStop && (typeof record.start !== "function" || typeof record.stop !== "function")) {
    throw new ConfigError(key, "a class with start() and stop() methods (process_management is off)", "none");
  }
  return record;
}

export async function loadAdapter(config: CoreConfig): Promise<LoadedAdapter> {
  const key = "adapter.class";
  const AdapterClass = (await loadExport(config.adapter.ref, config.baseDir, key)) as new () => unknown;
  let instance: unknown;
  try {
    instance = new AdapterClass();
  } catch (error) {
    throw new ConfigError(key, "a class whose constructor takes no arguments and does not throw", String(error));
  }
  const adapter = checkAdapterShape(instance, key, !config.processManagement.enabled);

  let commandFactory: CommandFactory | null = null;
  const factoryRef = config.processManagement.commandFactory;
  if (factoryRef) {
    const factoryKey = "process_management.command_factory";
    const FactoryClass = (await loadExport(factoryRef, config.baseDir, factoryKey)) as Record<string, unknown>;
    const method = FactoryClass[factoryRef.method ?? ""];
    if (typeof method !== "function") {
      throw new ConfigError(factoryKey, `a static method ${factoryRef.method} on ${factoryRef.exportName}`, "none");
    }
    commandFactory = (payload) => (method as (p: Payload) => unknown).call(FactoryClass, payload);
  }
  return { adapter, commandFactory };
}
