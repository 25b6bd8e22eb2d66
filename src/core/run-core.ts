// Boots the core: config → adapter → user → services → HTTP server, and wires
// the signals that stop it. As PID 1 in a container nothing else stops the
// workload on `docker stop`, so SIGTERM/SIGINT run the full stop sequence
// (graceful workload stop, traffic control cleared, post_stop commands) first.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadAdapter } from "./adapter-loader.js";
import { loadConfigFile, type CoreConfig } from "./config/config.js";
import { ConfigError } from "./config/config-error.js";
import { Controller } from "./controller.js";
import { messageOf } from "./errors.js";
import { createCoreServer } from "./http/server.js";
import { createLogger, parseLogLevel, type Logger } from "./logger.js";
import { MetricsCollector } from "./metrics/collector.js";
import { createEnsureUser, findOnPath } from "./process/run-as.js";
import { TrafficControl } from "./traffic-control.js";
import { lookupUser, UnknownUserError, type UserIdentity } from "./users.js";

export interface StartCoreOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
  /** A parsed config instead of reading config.yaml (tests). */
  config?: CoreConfig;
  /** How to run this core in helper mode; default: this process's node and script. */
  selfCommand?: readonly string[];
  /** Install SIGTERM/SIGINT handlers that stop the workload and exit (the default for the real core). */
  handleSignals?: boolean;
  version?: string;
}

export interface RunningCore {
  server: Server;
  controller: Controller;
  port: number;
  /** Stops the workload (full stop sequence) and closes the server. */
  shutdown(): Promise<void>;
}

function resolveIdentity(user: string | null): UserIdentity | null {
  if (!user) return null;
  try {
    return lookupUser(user);
  } catch (error) {
    if (error instanceof UnknownUserError)
      throw new ConfigError("adapter.run_as_user", "a user listed in /etc/passwd", JSON.stringify(user));
    throw error;
  }
}

export async function startCore(options: StartCoreOptions = {}): Promise<RunningCore> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(parseLogLevel(env.LOG_LEVEL));
  const config = options.config ?? loadConfigFile(env, options.cwd);
  const { adapter, commandFactory } = await loadAdapter(config);
  const identity = resolveIdentity(config.adapter.runAsUser);
  const ensureUser = createEnsureUser(identity, {
    setpriv: findOnPath("setpriv", env.PATH),
    selfCommand: options.selfCommand ?? [process.execPath, process.argv[1] ?? ""],
  });
  const trafficControl = new TrafficControl(config.trafficControl, logger);
  const controller = new Controller({ config, adapter, commandFactory, logger, ensureUser, identity, trafficControl });
  const metrics = new MetricsCollector(config, controller, adapter);
  const server = createCoreServer({
    controller,
    metrics,
    logger,
    token: env.CCC_TOKEN || null,
    version: options.version,
  });

  const port = Number(env.CCC_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError("CCC_PORT", "a port number 0-65535", env.CCC_PORT);
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, env.CCC_HOST ?? "0.0.0.0", () => resolveListen());
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info(
    `Container Control Core listening on ${env.CCC_HOST ?? "0.0.0.0"}:${bound} (adapter ${config.adapter.ref.spec}, ` +
      `run as ${identity ? `${identity.name} uid ${identity.uid}` : "root"}, pid ${process.pid})`,
  );

  let shuttingDown: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (shuttingDown ??= (async () => {
      try {
        await controller.stop();
      } catch (error) {
        logger.error(`stop at shutdown: ${messageOf(error)}`);
      }
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    })());

  if (options.handleSignals) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, () => {
        logger.info(`${signal} received: stopping the workload, then exiting`);
        void shutdown().then(() => process.exit(0));
      });
    }
  }
  return { server, controller, port: bound, shutdown };
}
