import { messageOf } from "../errors.js";
import type { Project } from "./project.js";

/** A collection hook that threw: reported with the hook's name; the command is not undone. */
export interface HookFailure {
  hook: string;
  message: string;
}

type HookName = "onStartServices" | "onStopServices" | "onReloadService";

/** Runs the hooks registered under `name` in order; each failure is collected, not thrown. */
export async function runCollectionHooks(
  project: Project,
  name: HookName,
  argument: string | string[],
): Promise<HookFailure[]> {
  const { state } = project;
  const hooks: Array<(arg: never) => unknown> =
    name === "onStartServices" ? state.onStart : name === "onStopServices" ? state.onStop : state.onReload;
  const failures: HookFailure[] = [];
  for (const hook of hooks) {
    try {
      await hook(argument as never);
    } catch (error) {
      failures.push({ hook: hook.name ? `${name}(${hook.name})` : name, message: messageOf(error) });
    }
  }
  return failures;
}
