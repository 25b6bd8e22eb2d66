import { all } from "./all.js";
import { command } from "./command.js";
import { healthy } from "./healthy.js";
import { http } from "./http.js";
import { log } from "./log.js";
import { tcp } from "./tcp.js";

/**
 * Ready-made pings: assign one to a service's `ping`. When the start timeout
 * ends first, boss says what was awaited, for how long, and what the last
 * check saw.
 *
 * @example
 * export class Database extends Service {
 *   name = "appdb";
 *   image = "postgres:16";
 *   ports = { 5432: 5433 };
 *   ping = waitFor.tcp(5433);
 * }
 */
export const waitFor = {
  /**
   * A TCP port that accepts connections and keeps them open: `tcp(5433)` or `tcp("host:5433")`; a container
   * port published on a port the engine picks: `tcp({ containerPort: 5432 })` (or `tcp(5432)`).
   */
  tcp,
  /** An HTTP GET that answers 2xx (or `status`): `http("http://127.0.0.1:8080/health")` or `http({ port, path, status })`. */
  http,
  /** A line in the container's output since it (re)started: `log(/ready to accept/)`, optionally `times` times. */
  log,
  /** The container's healthcheck (the service's `healthcheck`, else the image's HEALTHCHECK) reports healthy (unhealthy fails at once). */
  healthy,
  /** A command run in the container exits 0: `command(["pg_isready", "-U", "postgres"])`, or a string run by `sh -c`. */
  command,
  /** Every strategy ready: `all([waitFor.tcp(5433), waitFor.log(/ready/)])`. */
  all,
} as const;

export type { WaitStrategy } from "./wait-strategy.js";
export type { HttpWaitOptions } from "./http.js";
export type { CommandWaitOptions } from "./command.js";
