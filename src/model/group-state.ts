/**
 * What one services file registers while it loads (its group name, collection
 * hooks, Context values) and its commands read and write: owned by the group
 * (its Project), one per loaded file. Code inside a services file — top level,
 * hooks, pings — finds its own group's state through AsyncLocalStorage: boss
 * loads the file, and runs every operation, inside `withGroupState`. So two
 * groups can be loaded and driven at once in one process (`loadGroup`).
 *
 * The storage lives on globalThis under a global symbol, so a services file
 * whose `boss` resolved to another copy of this module still talks to the
 * running one.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { JsonValue } from "./json.js";

export type StartHook = (names: string[]) => void | Promise<void>;
export type StopHook = (names: string[]) => void | Promise<void>;
export type ReloadHook = (name: string) => void | Promise<void>;

export class GroupState {
  /** Set by `group()` in the services file. */
  group?: { name: string; setAt: string };
  readonly onStart: StartHook[] = [];
  readonly onStop: StopHook[] = [];
  readonly onReload: ReloadHook[] = [];
  readonly context = new Map<string, JsonValue>();
  /** What the services file itself set (Context.set at top level), kept when `.boss-context` is first read. */
  servicesFileValues?: ReadonlyMap<string, JsonValue>;
  /** The values `.boss-context` held when this process last read or wrote it (context-store.ts). */
  lastSeenValues?: ReadonlyMap<string, JsonValue>;
}

interface Holder {
  storage: AsyncLocalStorage<GroupState>;
  /** Outside any group: a services file run as a script (`tsx boss.ts start`), or a test's own code. */
  outside: GroupState;
}

const key = Symbol.for("boss.group-state");

function holder(): Holder {
  const slot = globalThis as unknown as Record<symbol, Holder | undefined>;
  slot[key] ??= { storage: new AsyncLocalStorage(), outside: new GroupState() };
  return slot[key];
}

/** The state of the group whose code runs now. */
export function currentGroupState(): GroupState {
  const { storage, outside } = holder();
  return storage.getStore() ?? outside;
}

/** Runs `task`, and everything it awaits or schedules, as code of the group that owns `state`. */
export function withGroupState<T>(state: GroupState, task: () => T): T {
  return holder().storage.run(state, task);
}

/** The state of code that runs outside any group. */
export function outsideGroupState(): GroupState {
  return holder().outside;
}

/** Empties the state outside any group, in place (tests: as if in a new process). */
export function resetOutsideGroupState(): void {
  const state = holder().outside;
  delete state.group;
  state.onStart.length = 0;
  state.onStop.length = 0;
  state.onReload.length = 0;
  state.context.clear();
  delete state.servicesFileValues;
  delete state.lastSeenValues;
}
