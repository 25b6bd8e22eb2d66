/**
 * State that a services file writes while it loads (group name, collection
 * hooks, context values) and the CLI reads afterwards. It lives on globalThis
 * under a global symbol, so a services file that imported its own copy of boss
 * still talks to the running one.
 */
import type { JsonValue } from "./json.js";

export type StartHook = (names: string[]) => void | Promise<void>;
export type StopHook = (names: string[]) => void | Promise<void>;
export type ReloadHook = (name: string) => void | Promise<void>;

export interface SharedState {
  group?: { name: string; setAt: string };
  onStart: StartHook[];
  onStop: StopHook[];
  onReload: ReloadHook[];
  context: Map<string, JsonValue>;
}

const key = Symbol.for("boss.shared-state");

export function sharedState(): SharedState {
  const holder = globalThis as unknown as Record<symbol, SharedState | undefined>;
  holder[key] ??= { onStart: [], onStop: [], onReload: [], context: new Map() };
  return holder[key];
}

/** Forget everything a services file registered (tests load several files in one process). */
export function resetSharedState(): void {
  const state = sharedState();
  delete state.group;
  state.onStart.length = 0;
  state.onStop.length = 0;
  state.onReload.length = 0;
  state.context.clear();
}
