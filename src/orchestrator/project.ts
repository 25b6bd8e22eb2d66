import type { ContainerClient } from "../engine/container-client.js";
import type { ServicesFile } from "../model/definition.js";
import type { GroupState } from "../model/group-state.js";
import type { ServiceGraph } from "../model/graph.js";
import type { EventSink } from "./events.js";

/**
 * Everything a command works on: the engine, the loaded services file and its
 * graph, the group's own state (Context, hooks), where events go.
 */
export interface Project {
  client: ContainerClient;
  file: ServicesFile;
  graph: ServiceGraph;
  state: GroupState;
  emit: EventSink;
}

export function defaultNetworkName(group: string): string {
  return `boss-${group}`;
}
