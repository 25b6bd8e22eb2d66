/**
 * Whether a built image still matches its `buildFrom` folder: an edit to the
 * sources must never be silently ignored by the next `start`. The image
 * carries the hash of the context it was built from as a label; a start
 * hashes the context again (cheaply: file hashes are cached by stat data) and
 * rebuilds when the two differ.
 */
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ImageInfo } from "../engine/container-client.js";
import { Label } from "../engine/labels.js";
import { messageOf } from "../errors.js";
import type { ServiceDefinition } from "../model/definition.js";

type Build = NonNullable<ServiceDefinition["build"]>;

/** The hash the image of `build` is labelled with. */
export async function buildContextHash(build: Build): Promise<string> {
  // Loaded here: the .dockerignore parser is for builds only, not every command's start-up.
  const { hashBuildContext } = await import("../engine/context-hash.js");
  return hashBuildContext(build, cacheFile(build));
}

/** Why the service's present image must be built again, or undefined when it is up to date. */
export async function rebuildReason(service: ServiceDefinition, image: ImageInfo): Promise<string | undefined> {
  if (!service.build) return undefined;
  const built = image.labels[Label.buildContextHash];
  if (!built) return "the image was not built by this boss from the build context (it has no context hash)";
  try {
    return built === (await buildContextHash(service.build)) ? undefined : "the build context changed";
  } catch (error) {
    // Build, and let the build say what is wrong with the folder: never keep an image that may be stale.
    return `its build context could not be read (${messageOf(error)})`;
  }
}

/** The hash, or undefined when the context cannot be read (the build then fails with the engine's words). */
export async function buildContextHashIfReadable(build: Build): Promise<string | undefined> {
  try {
    return await buildContextHash(build);
  } catch {
    return undefined; // unlabelled: the next start builds again
  }
}

/** The user's cache folder (XDG), one file per context folder and Dockerfile. */
function cacheFile(build: Build): string {
  const key = createHash("sha256").update(`${build.context}\0${build.dockerfile}`).digest("hex").slice(0, 32);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "boss", "build-contexts", `${key}.json`);
}
