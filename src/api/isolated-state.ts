import { sharedState, type SharedState } from "../model/shared-state.js";

/**
 * What one loaded services file registered (group name, collection hooks,
 * Context values). The CLI loads one file per process and keeps it in the
 * global shared state; a program may load several, so each group keeps its
 * own copy and installs it only while one of its operations runs.
 */
export type GroupState = SharedState;

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` when every earlier one has settled. Loading a services file
 * resets the shared state, and an operation reads it throughout, so loads and
 * operations of all groups in this process take turns.
 */
export function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task);
  queue = run.catch(() => undefined);
  return run;
}

/** Takes what the file just loaded registered, leaving fresh, empty state behind. */
export function detachState(): GroupState {
  const global = sharedState();
  const own: GroupState = {
    onStart: global.onStart,
    onStop: global.onStop,
    onReload: global.onReload,
    context: global.context,
    ...(global.group ? { group: global.group } : {}),
  };
  installState(emptyState());
  return own;
}

/** Runs `task` with `own` as the shared state (inside `exclusive`); restores empty state afterwards. */
export async function withState<T>(own: GroupState, task: () => Promise<T>): Promise<T> {
  installState(own);
  try {
    return await task();
  } finally {
    installState(emptyState());
  }
}

function emptyState(): GroupState {
  return { onStart: [], onStop: [], onReload: [], context: new Map() };
}

/** Points the global state at `state`'s arrays and map (not copies: hooks and Context.set write into them). */
function installState(state: GroupState): void {
  const global = sharedState();
  global.onStart = state.onStart;
  global.onStop = state.onStop;
  global.onReload = state.onReload;
  global.context = state.context;
  if (state.group) global.group = state.group;
  else delete global.group;
}
