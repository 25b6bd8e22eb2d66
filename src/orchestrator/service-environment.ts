import type { JsonValue } from "../model/json.js";
import { containerConfig } from "./container-config.js";
import { readGroup } from "./group-session.js";
import { defaultNetworkName, type Project } from "./project.js";

export interface ServiceEnvironment {
  /** The Context: `.boss-context` with what the services file set while loading. */
  context: Record<string, JsonValue>;
  /** With a service: its env as its container gets it (interpolated). */
  service?: { name: string; env: Record<string, string> };
}

/** `boss env [SERVICE]`: the values host-side code (pings, test suites) needs; no engine involved. */
export async function serviceEnvironment(project: Project, name?: string): Promise<ServiceEnvironment> {
  if (name !== undefined) project.graph.checkKnown([name], "env");
  return readGroup(project, "env", () => Promise.resolve(environment(project, name)), {
    engine: false,
    needsContext: true,
  });
}

function environment(project: Project, name?: string): ServiceEnvironment {
  const context = Object.fromEntries(project.state.context);
  if (name === undefined) return { context };
  const service = project.graph.get(name);
  // The image id and network do not change the env: the env is what the container is created with.
  const { env } = containerConfig(service, project.state.context, "", defaultNetworkName(project.file.group));
  return { context, service: { name, env } };
}
