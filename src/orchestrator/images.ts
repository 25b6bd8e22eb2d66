import { messageOf, ServiceFailedError } from "../errors.js";
import { Label } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { GroupSession } from "./group-session.js";
import type { Project } from "./project.js";

/** The image's id: local if present, else fetched. */
export async function ensureImage(session: GroupSession, service: ServiceDefinition): Promise<string> {
  return (await session.project.client.imageId(service.image)) ?? fetchImage(session, service);
}

/** Builds (with `buildFrom`) or pulls the service's image, with visible progress; its id. */
export function fetchImage(session: GroupSession, service: ServiceDefinition): Promise<string> {
  return service.build ? buildImage(session, service) : pullImage(session.project, service);
}

/**
 * Builds the service's image. While it builds, the image of its last step is
 * recorded: a boss killed mid-build leaves that image untagged, and the next
 * build of the service removes it first (a failed build removes its own).
 */
export async function buildImage(session: GroupSession, service: ServiceDefinition): Promise<string> {
  const build = service.build;
  if (!build) throw new Error(`${service.name} has no buildFrom`);
  const { client, emit, file } = session.project;
  const leftover = session.records.building.get(service.name);
  if (leftover) await client.removeUntaggedImage(leftover);
  emit({ type: "phase", service: service.name, phase: "building", detail: `${service.image} from ${build.context}` });
  try {
    return await client.buildImage(
      {
        context: build.context,
        dockerfile: build.dockerfile,
        tag: service.image,
        buildArgs: build.args,
        labels: { [Label.group]: file.group },
      },
      (line) => emit({ type: "progress", service: service.name, line }),
      // Best effort: a save that fails costs at most one untagged image.
      (step) => void session.recordBuildStep(service.name, step).catch(() => undefined),
    );
  } catch (error) {
    throw new ServiceFailedError(`${service.name}: ${messageOf(error)}`, { cause: error });
  } finally {
    await session.recordBuildStep(service.name, undefined);
  }
}

async function pullImage(project: Project, service: ServiceDefinition): Promise<string> {
  const { client, emit } = project;
  emit({ type: "phase", service: service.name, phase: "pulling", detail: service.image });
  try {
    await client.pullImage(service.image, (line) => emit({ type: "progress", service: service.name, line }));
  } catch (error) {
    throw new ServiceFailedError(
      `${service.name}: image ${service.image} is not here and pulling it failed: ${messageOf(error)}` +
        " (build it locally, or set buildFrom so boss builds it)",
      { cause: error },
    );
  }
  const id = await client.imageId(service.image);
  if (!id) throw new ServiceFailedError(`${service.name}: pulled ${service.image} but the engine does not list it`);
  return id;
}
