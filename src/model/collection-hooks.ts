import { UserError } from "../errors.js";
import { currentGroupState, type ReloadHook, type StartHook, type StopHook } from "./group-state.js";

/**
 * Name the group of services in this file (labels, network `boss-<group>`,
 * container names). Default: a slug of the services file's folder name.
 */
export function group(name: string): void {
  const state = currentGroupState();
  const setAt = callerLocation();
  if (state.group) {
    throw new UserError(
      `group("${name}"): the group is already set to "${state.group.name}" (at ${state.group.setAt})`,
      {
        field: "group",
      },
    );
  }
  state.group = { name, setAt };
}

/** Called after `boss start` with the names of the services it started (or found running). */
export function onStartServices(hook: StartHook): void {
  currentGroupState().onStart.push(hook);
}

/** Called after `boss stop` with the names of the services it stopped. */
export function onStopServices(hook: StopHook): void {
  currentGroupState().onStop.push(hook);
}

/** Called after `boss reload` with the name of the reloaded service. */
export function onReloadService(hook: ReloadHook): void {
  currentGroupState().onReload.push(hook);
}

function callerLocation(): string {
  const line = new Error().stack?.split("\n")[3] ?? "";
  return line.trim().replace(/^at\s+/, "") || "unknown location";
}
