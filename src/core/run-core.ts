// Boots the core: environment → config → adapter → user → services → HTTP
// server, and wires the signals that stop it. As PID 1 in a container nothing
// else stops the workload on `docker stop`, so SIGTERM/SIGINT/SIGHUP run the
// full stop sequence (graceful workload stop, traffic control cleared,
// post_stop commands) first, and always end within a bounded time.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadAdapter } from "./adapter-loader.js";
import { loadConfigFile, type CoreConfig } from "./config/config.js";
import { ConfigError } from "./config/config-error.js";
import { Controller } from "./controller.js";
import { readEnvSettings } from "./env-settings.js";
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
  /** Stops the workload (full stop sequence) and closes the server and every connection. */
  shutdown(): Promise<void>;
}

/**
 * Time a shutdown may take beyond the workload's stop_timeout_seconds (for the
 * adapter's stop(), traffic control and post_stop); past it the workload's
 * group is killed and the core exits anyway. Set docker's stop timeout
 * (`stop_grace_period`, `docker stop -t`) to at least stop_timeout_seconds + this.
 */
export const SHUTDOWN_MARGIN_MS = 5_000;

/**
 * SIGHUP is treated like SIGTERM. The core has no configuration to reload
 * (config.yaml is read once, by design), so the only choices are to ignore it
 * or to end cleanly; Node's default was the worst of both (the core died and
 * left the workload running). A hang-up means "your session is gone": a core
 * run from a terminal that closes, or by a supervisor that sends it, stops its
 * workload and exits instead of lingering with nowhere to log.
 */
const STOP_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

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
  const settings = readEnvSettings(env);
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
    token: settings.token,
    version: options.version,
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolveListen());
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info(
    `Container Control Core listening on ${settings.host}:${bound} (adapter ${config.adapter.ref.spec}, ` +
      `run as ${identity ? `${identity.name} uid ${identity.uid}` : "root"}, pid ${process.pid}, ` +
      `${settings.token ? "token required" : "no token: CCC_TOKEN is unset, anyone who reaches the port can drive the workload"})`,
  );

  let shuttingDown: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (shuttingDown ??= (async () => {
      // Take no new connections and drop idle ones now; requests in progress
      // (an authorised stop, say) may finish while the workload stops.
      server.close();
      server.closeIdleConnections();
      try {
        await controller.close();
      } catch (error) {
        logger.error(`stop at shutdown: ${messageOf(error)}`);
      }
      // server.close() alone waits for every connection, and a client that
      // holds one open (silent, half a request, a pending body) would hold
      // the core forever: end them all.
      server.closeAllConnections();
    })());

  if (options.handleSignals) {
    const deadlineMs = config.processManagement.stopTimeoutSeconds * 1000 + SHUTDOWN_MARGIN_MS;
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        if (shuttingDown) return;
        logger.info(`${signal} received: stopping the workload, then exiting`);
        // Not unref()'d: a stop step that waits on nothing (an adapter stop() promise
        // that never settles) would otherwise let the core drift out with exit 0.
        setTimeout(() => {
          logger.error(`shutdown still not done after ${deadlineMs} ms: killing the workload's process group, exiting`);
          controller.kill();
          process.exit(1);
        }, deadlineMs);
        void shutdown().then(() => process.exit(0));
      });
    }
  }
  return { server, controller, port: bound, shutdown };
}
