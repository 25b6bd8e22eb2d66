import { join } from "node:path";
import type { ServicesFile } from "../../src/model/definition.js";
import { ServiceGraph } from "../../src/model/graph.js";
import { outsideGroupState } from "../../src/model/group-state.js";
import type { OrchestratorEvent } from "../../src/orchestrator/events.js";
import type { Project } from "../../src/orchestrator/project.js";
import { defineService, type ServiceFields } from "../helpers/definitions.js";
import { FakeContainerClient } from "./fake-container-client.js";

/** A Project over a FakeContainerClient, with its services file in `dir` and every event kept. */
export interface FakeProject {
  project: Project;
  client: FakeContainerClient;
  events: OrchestratorEvent[];
  /** The `detail` of each phase event of `service` that had phase `phase`. */
  details: (service: string, phase: string) => string[];
}

export function fakeProject(
  services: ServiceFields[],
  dir: string,
  client = new FakeContainerClient(),
  group = "shop",
): FakeProject {
  const file = join(dir, "boss.ts");
  const definitions = services.map((fields) => defineService(fields, file));
  const servicesFile: ServicesFile = { file, dir, group, services: definitions };
  const events: OrchestratorEvent[] = [];
  const project: Project = {
    client,
    file: servicesFile,
    graph: new ServiceGraph(definitions, file),
    // The state of the test's own code, so that a test's Context.set and hooks count for the project.
    state: outsideGroupState(),
    emit: (event) => events.push(event),
  };
  return {
    project,
    client,
    events,
    details: (service, phase) =>
      events.flatMap((e) => (e.type === "phase" && e.service === service && e.phase === phase ? [e.detail ?? ""] : [])),
  };
}
