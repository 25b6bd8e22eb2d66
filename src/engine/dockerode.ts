/**
 * dockerode, without paying on every command for what boss never uses or
 * uses rarely. Required, dockerode loads gRPC and protobuf for BuildKit
 * sessions (boss builds with the classic builder), docker-modem loads ssh2
 * for ssh:// engines and readable-stream for attached streams, and dockerode's
 * build helpers load tar-fs for build contexts boss packs itself: about 220
 * modules and 100 ms of each command's start-up. While dockerode loads, those modules are
 * replaced by stand-ins that require the real module when first called or
 * read (test/engine/dockerode.test.ts checks the stand-ins still answer as
 * the modules do).
 */
import type DockerConstructor from "dockerode";
import Module, { createRequire } from "node:module";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
type Resolve = (request: string, parent: unknown) => string;

const require = createRequire(import.meta.url);
const dockerodeMain = require.resolve("dockerode");
const dockerodeUtil = createRequire(dockerodeMain).resolve("./util");
const modemMain = createRequire(dockerodeMain).resolve("docker-modem");

/** The modules loaded on first use, by file. */
export const lazyModules = new Set([
  createRequire(dockerodeMain).resolve("./session"),
  createRequire(modemMain).resolve("./ssh"),
  createRequire(modemMain).resolve("./http_duplex"),
  createRequire(dockerodeUtil).resolve("tar-fs"),
]);

export const Docker = requireWithLazy<typeof DockerConstructor>(dockerodeMain);

function requireWithLazy<T>(id: string): T {
  const loader = Module as unknown as { _load: Load; _resolveFilename: Resolve };
  const load = loader._load;
  loader._load = function (this: unknown, request, parent, isMain) {
    if (
      /(^|\/)(session|ssh|http_duplex|tar-fs)(\.js)?$/.test(request) &&
      lazyModules.has(loader._resolveFilename(request, parent))
    ) {
      return standIn(() => load.call(this, request, parent, isMain));
    }
    return load.call(this, request, parent, isMain);
  };
  try {
    return require(id) as T;
  } finally {
    loader._load = load;
  }
}

/** Calls, `new` and property reads go to the module `load` returns, loaded on the first of them. */
function standIn(load: () => unknown): unknown {
  let real: unknown;
  const module = () => (real ??= load()) as object;
  return new Proxy(function lazyModule() {}, {
    apply: (_target, self, args) => Reflect.apply(module() as (...args: unknown[]) => unknown, self, args),
    construct: (_target, args) => Reflect.construct(module() as new (...args: unknown[]) => object, args),
    get: (_target, key): unknown => Reflect.get(module(), key),
  });
}
