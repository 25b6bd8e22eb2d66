import { UserError, ServiceFailedError, messageOf } from "../../errors.js";
import { withGroupSession } from "../group-session.js";
import type { Project } from "../project.js";
import { serviceContainer } from "../service-container.js";
import type { CoreClient } from "./ccc-client.js";
import { CoreRequestError } from "./ccc-client.js";
import { coreOf, requireControl } from "./core-access.js";

/** The core of a controlled service's running container (in a session: the token is loaded); clear errors when there is none. */
export async function runningCore(project: Project, name: string): Promise<CoreClient> {
  const { graph, file } = project;
  graph.checkKnown([name], "service");
  const { port } = requireControl(graph.get(name), file.file);
  const container = await serviceContainer(project, name);
  if (container?.status !== "running") throw new ServiceFailedError(`${name}: not running (run boss start first)`);
  return coreOf(project, container.id, port);
}

/** Names given, or every service with `control`; a named service without it is an error. */
export function controlledServices(project: Project, names: readonly string[]): string[] {
  const { graph, file } = project;
  if (names.length === 0) return graph.startOrder().filter((n) => graph.get(n).control);
  graph.checkKnown(names, "service");
  for (const name of names) requireControl(graph.get(name), file.file);
  return [...names];
}

export type UpdateResult = { applied: true; body: Record<string, unknown> } | { applied: false; message: string };

/** POST /api/update. 409 means the adapter does not support it; 400 (not running, bad values) is an error. */
export function updateService(project: Project, name: string, values: Record<string, unknown>): Promise<UpdateResult> {
  // A change to the group: one boss at a time (a start could be restarting this very workload).
  return withGroupSession(project, { command: "update", mutates: true }, () => applyUpdate(project, name, values));
}

async function applyUpdate(project: Project, name: string, values: Record<string, unknown>): Promise<UpdateResult> {
  const core = await runningCore(project, name);
  try {
    const { applied, body } = await core.update(values);
    if (applied) return { applied, body };
    return {
      applied,
      message: typeof body.error === "string" ? body.error : "the adapter does not support live updates",
    };
  } catch (error) {
    if (error instanceof CoreRequestError && error.status === 400) {
      throw new ServiceFailedError(`${name}: the core refused the update: ${messageOf(error)}`);
    }
    throw new ServiceFailedError(`${name}: ${messageOf(error)}`, { cause: error });
  }
}

/** Parses `key=value` words; values are JSON when they parse as JSON, else strings. */
export function parseAssignments(words: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const word of words) {
    const at = word.indexOf("=");
    if (at <= 0) throw new UserError(`"${word}" is not key=value`, { field: "update values" });
    const text = word.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the text itself
    }
    values[word.slice(0, at)] = value;
  }
  return values;
}
