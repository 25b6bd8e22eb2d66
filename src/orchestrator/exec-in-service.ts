import { UserError } from "../errors.js";
import { runToExit, type ProcessConsole } from "./process-console.js";
import type { Project } from "./project.js";
import { readGroup } from "./group-session.js";
import { serviceContainer } from "./service-container.js";

/** `boss exec SERVICE -- CMD…`: runs CMD in the service's running container; returns its exit code. */
export async function execInService(
  project: Project,
  name: string,
  command: string[],
  console: ProcessConsole,
): Promise<number> {
  const { graph, client } = project;
  graph.checkKnown([name], "exec");
  if (command.length === 0) throw new UserError("exec: give the command to run after --, e.g. boss exec db -- sh");
  const container = await readGroup(project, "exec", () => serviceContainer(project, name));
  if (container?.status !== "running") throw new UserError(`exec: "${name}" is not running; start it with boss start`);
  const attached = await client.execAttached(container.id, command, console.io);
  return runToExit(attached, console);
}
