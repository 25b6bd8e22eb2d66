import { messageOf } from "../errors.js";
import { exitCodeOf, type Ending } from "../orchestrator/outcome.js";
import type { Project } from "../orchestrator/project.js";
import { reloadService } from "../orchestrator/reload.js";
import { restartServices } from "../orchestrator/restart.js";
import { startServices } from "../orchestrator/start.js";
import { stopServices } from "../orchestrator/stop.js";
import { eventLine } from "../report/event-text.js";
import { startSummaryLines, stopSummaryLines, texts } from "../report/summary-lines.js";
import type { SavedContext } from "./saved-context.js";

/** The buttons of a service: the commands of the same names, for that one service. */
export const serviceActions = ["reload", "restart", "stop", "start"] as const;
export type ServiceAction = (typeof serviceActions)[number];

export function isServiceAction(word: string): word is ServiceAction {
  return (serviceActions as readonly string[]).includes(word);
}

/** What the page is told about an action: `running` with each progress line, then `done` or `failed`. */
export interface ActionUpdate {
  id: number;
  service: string;
  action: ServiceAction;
  status: "running" | "done" | "failed";
  /** A progress line (as `boss --plain` prints it) while running; the summary's lines at the end. */
  lines: string[];
}

let nextId = 0;

/**
 * Runs `boss <action> <service>` in this process: the orchestrator's own
 * calls, so the group's lock, events, Context and records work as the CLI's
 * do (another boss changing the group meanwhile is waited for, and says so).
 * Its events become `running` updates; the summary the last one.
 */
export function runServiceAction(
  project: Project,
  service: string,
  action: ServiceAction,
  tell: (update: ActionUpdate) => void,
  saved: SavedContext,
): { id: number; done: Promise<void> } {
  const id = ++nextId;
  const update = (status: ActionUpdate["status"], lines: string[]) => tell({ id, service, action, status, lines });
  // Its own sink: the page sees this action's lines under this action.
  const own: Project = {
    ...project,
    emit: (event) => {
      const line = eventLine(event);
      if (line) update("running", [line]);
    },
  };
  update("running", [`boss ${action} ${service}`]);
  const done = saved
    .during(() => perform(own, service, action))
    .then(
      ({ ending, lines }) => update(exitCodeOf(ending) === 0 ? "done" : "failed", lines),
      (error: unknown) => update("failed", [messageOf(error)]),
    );
  return { id, done };
}

async function perform(
  project: Project,
  service: string,
  action: ServiceAction,
): Promise<{ ending: Ending; lines: string[] }> {
  if (action === "stop") {
    const summary = await stopServices(project, { services: [service] });
    return { ending: summary, lines: texts(stopSummaryLines(summary, false)) };
  }
  const summary =
    action === "start"
      ? await startServices(project, { services: [service] })
      : action === "reload"
        ? await reloadService(project, service)
        : await restartServices(project, [service]);
  return { ending: summary, lines: texts(startSummaryLines(summary)) };
}
