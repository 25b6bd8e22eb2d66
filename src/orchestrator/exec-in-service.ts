import { UserError } from "../errors.js";
import { runToExit, type ProcessConsole } from "./process-console.js";
import type { Project } from "./project.js";

/** `boss exec SERVICE -- CMD…`: runs CMD in the service's running container; returns its exit code. */
export async function execInService(
  project: Project,
  name: string,
  command: string[],
  console: ProcessConsole,
): Promise<number> {
  const { graph, client, file } = project;
  graph.checkKnown([name], "exec");
  if (command.length === 0) throw new UserError("exec: give the command to run after --, e.g. boss exec db -- sh");
  await client.checkAvailable();
  const running = (await client.listContainers({ group: file.group, service: name }))
    .filter((c) => c.status === "running")
    .sort((a, b) => b.created - a.created)[0];
  if (!running) throw new UserError(`exec: "${name}" is not running; start it with boss start`);
  const attached = await client.execAttached(running.id, command, console.io);
  return runToExit(attached, console);
}
