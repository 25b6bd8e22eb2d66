/**
 * dockerode, without paying on every command for what boss never uses.
 * Required, dockerode loads gRPC and protobuf for BuildKit sessions (boss
 * builds with the classic builder) and docker-modem loads ssh2 for ssh://
 * engines: about 180 modules and 90 ms of each command's start-up. Both
 * modules export one function that is only ever called, so while dockerode
 * loads they are replaced by stand-ins that require the real module on their
 * first call (test/engine/dockerode.test.ts checks they still are functions).
 */
import type DockerConstructor from "dockerode";
import Module, { createRequire } from "node:module";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
type Resolve = (request: string, parent: unknown) => string;

const require = createRequire(import.meta.url);
const dockerodeMain = require.resolve("dockerode");
const modemMain = createRequire(dockerodeMain).resolve("docker-modem");

/** The modules loaded on first use, by file. */
export const lazyModules = new Set([
  createRequire(dockerodeMain).resolve("./session"),
  createRequire(modemMain).resolve("./ssh"),
]);

export const Docker = requireWithLazy<typeof DockerConstructor>(dockerodeMain);

function requireWithLazy<T>(id: string): T {
  const loader = Module as unknown as { _load: Load; _resolveFilename: Resolve };
  const load = loader._load;
  loader._load = function (this: unknown, request, parent, isMain) {
    if (/(^|\/)(session|ssh)(\.js)?$/.test(request) && lazyModules.has(loader._resolveFilename(request, parent))) {
      let real: ((...args: unknown[]) => unknown) | undefined;
      return (...args: unknown[]) => {
        real ??= load.call(this, request, parent, isMain) as (...args: unknown[]) => unknown;
        return real(...args);
      };
    }
    return load.call(this, request, parent, isMain);
  };
  try {
    return require(id) as T;
  } finally {
    loader._load = load;
  }
}
