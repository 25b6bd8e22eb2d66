import { messageOf, ServiceFailedError } from "../errors.js";
import { Label } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import { buildContextHashIfReadable, rebuildReason } from "./build-freshness.js";
import type { GroupSession } from "./group-session.js";
import type { Project } from "./project.js";

export interface ImageOptions {
  /** `boss start --build`: build every `buildFrom` image again, changed or not. */
  build?: boolean;
}

/** What a start does for a service's image: use the one here (its id), or fetch one (build or pull). */
export type ImagePlan = { id: string } | { fetch: () => Promise<string> };

/**
 * Decides where a service's container image comes from. A `buildFrom` image
 * is built when missing, when asked (`--build`) and when its build context
 * changed since it was built; any other image follows the service's
 * `pullPolicy`: pulled when missing ("missing"), on every start ("always"),
 * or never (a missing image is then the service's failure).
 */
export async function planImage(
  session: GroupSession,
  service: ServiceDefinition,
  options: ImageOptions = {},
): Promise<ImagePlan> {
  const { client } = session.project;
  if (service.build) {
    const image = await client.inspectImage(service.image);
    if (!image) return { fetch: () => buildImage(session, service) };
    const reason = options.build ? "boss start --build" : await rebuildReason(service, image);
    return reason ? { fetch: () => buildImage(session, service, reason) } : { id: image.id };
  }
  if (service.pullPolicy === "always") return { fetch: () => pullImage(session.project, service) };
  const id = await client.imageId(service.image);
  if (id) return { id };
  if (service.pullPolicy === "never") {
    throw new ServiceFailedError(
      `${service.name}: image ${service.image} is not here and its pullPolicy is "never"` +
        ` (build or pull it yourself, or set pullPolicy = "missing")`,
    );
  }
  return { fetch: () => pullImage(session.project, service) };
}

/** The image id a service's container is made from, built or pulled first when planImage says so. */
export async function ensureImage(
  session: GroupSession,
  service: ServiceDefinition,
  options: ImageOptions = {},
): Promise<string> {
  const plan = await planImage(session, service, options);
  return "id" in plan ? plan.id : plan.fetch();
}

/**
 * Builds the service's image. While it builds, the image of its last step is
 * recorded: a boss killed mid-build leaves that image untagged, and the next
 * build of the service removes it first (a failed build removes its own).
 */
export async function buildImage(session: GroupSession, service: ServiceDefinition, reason?: string): Promise<string> {
  const build = service.build;
  if (!build) throw new Error(`${service.name} has no buildFrom`);
  const { client, emit, file } = session.project;
  const leftover = session.records.building.get(service.name);
  if (leftover) await client.removeUntaggedImage(leftover);
  const what = `${service.image} from ${build.context}`;
  emit({
    type: "phase",
    service: service.name,
    phase: "building",
    detail: reason ? `rebuilding: ${reason} (${what})` : what,
  });
  // Hashed before the context is sent: a file edited during the build makes the next start build again.
  const contextHash = await buildContextHashIfReadable(build);
  try {
    return await client.buildImage(
      {
        context: build.context,
        dockerfile: build.dockerfile,
        tag: service.image,
        buildArgs: build.args,
        ...(build.target ? { target: build.target } : {}),
        labels: { [Label.group]: file.group, ...(contextHash ? { [Label.buildContextHash]: contextHash } : {}) },
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
  const always = service.pullPolicy === "always";
  emit({
    type: "phase",
    service: service.name,
    phase: "pulling",
    detail: always ? `${service.image} (pullPolicy "always")` : service.image,
  });
  try {
    await client.pullImage(service.image, (line) => emit({ type: "progress", service: service.name, line }));
  } catch (error) {
    const advice = always
      ? ' (its pullPolicy is "always": set "missing" to use a local image when the registry cannot be reached)'
      : " (build it locally, or set buildFrom so boss builds it)";
    const what = always ? "pulling" : "is not here and pulling it";
    throw new ServiceFailedError(
      `${service.name}: image ${service.image} ${what} failed: ${messageOf(error)}${advice}`,
      {
        cause: error,
      },
    );
  }
  const id = await client.imageId(service.image);
  if (!id) throw new ServiceFailedError(`${service.name}: pulled ${service.image} but the engine does not list it`);
  return id;
}
