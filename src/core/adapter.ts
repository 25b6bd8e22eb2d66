/**
 * The adapter contract of the Container Control Core (`boss/core`).
 *
 * An adapter is the only application-specific code in a CCC image: the core
 * (one immutable file) loads it by the class named in `config.yaml` and calls
 * it around the workload's life. The core checks adapters by shape, never with
 * `instanceof`, because the adapter's copy of this class is not the bundle's:
 * a plain JavaScript class with the same methods works too.
 *
 * This file must stay free of runtime imports so it can be shipped alone
 * (`boss ccc init` writes a compiled copy beside the user's adapter).
 */

/** A JSON value, as it arrives in a request body. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The JSON object posted to `/api/start` or `/api/update`. */
export type Payload = Record<string, JsonValue>;

/** One figure in an adapter's metrics: numbers and booleans are exported to Prometheus, strings to JSON only. */
export type AdapterMetricValue = number | string | boolean | null;

/** The flat object returned by {@link ApplicationAdapter.getMetrics}. */
export type AdapterMetrics = Record<string, AdapterMetricValue>;

/** What the core hands to {@link ApplicationAdapter.start}. */
export interface StartContext {
  /**
   * Wraps a command so that it runs as the configured `run_as_user` (its uid, gid
   * and supplementary groups). Returns the argv unchanged when no user is configured.
   * Spawn the result with an argv array (no shell).
   *
   * @example
   * const [command, ...args] = ensureUser(["./server", "--port", "9000"]);
   * const child = spawn(command!, args, { stdio: "inherit" });
   */
  ensureUser(argv: readonly string[]): string[];
}

/** Something that may be awaited or not. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Base class for CCC adapters. Override what your application needs; with the
 * core's optional services enabled (process management, metrics, traffic control,
 * privileged commands) an empty subclass is enough.
 *
 * @example
 * ```ts
 * import { ApplicationAdapter, type Payload, type StartContext } from "boss/core";
 * import { spawn, type ChildProcess } from "node:child_process";
 *
 * export class MyAdapter extends ApplicationAdapter {
 *   private child?: ChildProcess;
 *   override start(payload: Payload, { ensureUser }: StartContext) {
 *     const [cmd, ...args] = ensureUser(["./my-tool", String(payload.flowfile)]);
 *     this.child = spawn(cmd!, args, { stdio: "inherit" });
 *     return this.child; // the core watches a returned child process for its exit
 *   }
 *   override stop() { this.child?.kill("SIGTERM"); }
 * }
 * ```
 */
export abstract class ApplicationAdapter {
  /**
   * Starts the workload with the start payload. Return an opaque handle, or nothing
   * when the core manages the process (`process_management.enabled`). When the handle
   * looks like a child process (a numeric `pid` and an `once` method), the core
   * watches its exit and reports its process metrics.
   */
  start(_payload: Payload, _context: StartContext): MaybePromise<unknown> {
    return undefined;
  }

  /** Stops the workload. Called after the core stopped a process it manages. */
  stop(): MaybePromise<void> {
    return undefined;
  }

  /**
   * Applies a live change. Receives the update payload without the traffic-control
   * keys (the core applies those itself). Return `true` when applied, `false` when
   * this change is not supported (the core answers 409).
   */
  update(_payload: Payload): MaybePromise<boolean> {
    return false;
  }

  /** The adapter's own figures, a flat JSON object merged into `/api/metrics` and `/metrics`. */
  getMetrics(): MaybePromise<AdapterMetrics> {
    return {};
  }

  /** Optional: runs as root before the workload starts (after the privileged `pre_start` commands). */
  preStartHooks?(payload: Payload): MaybePromise<void>;
}

/** The shape the core accepts as an adapter instance (every member optional, checked at load). */
export interface AdapterShape {
  start?(payload: Payload, context: StartContext): MaybePromise<unknown>;
  stop?(): MaybePromise<void>;
  update?(payload: Payload): MaybePromise<boolean>;
  getMetrics?(): MaybePromise<AdapterMetrics>;
  preStartHooks?(payload: Payload): MaybePromise<void>;
}
