import type { PingTarget } from "../ping-target.js";

/**
 * A ready-made ping: resolves true when ready, and otherwise throws an Error
 * saying what it saw (boss shows the last one when the wait times out).
 * Throwing a BossError ends the wait at once (a failure that will not pass).
 */
export interface WaitStrategy {
  (target?: PingTarget): Promise<boolean>;
  /** What it waits for, as boss says it: "TCP 127.0.0.1:5433 to accept connections". */
  readonly description: string;
}

export function waitStrategy(description: string, check: (target?: PingTarget) => Promise<boolean>): WaitStrategy {
  return Object.assign((target?: PingTarget) => check(target), { description });
}

/** The target, or a clear error for a strategy called outside a service's ping. */
export function requireTarget(name: string, target: PingTarget | undefined): PingTarget {
  if (!target) {
    throw new Error(`${name} needs the service's container: assign it to a service's ping (ping = ${name})`);
  }
  return target;
}
