/**
 * Pulls and builds over the Engine API, with progress read line by line. A
 * build that fails leaves no untagged image behind: the classic builder keeps
 * the image of the last step that succeeded (` ---> 1a2b3c…`), which nothing
 * names, so boss removes it (and the untagged steps below it that nothing else
 * uses) — never a tagged image, never one another image is built on.
 */
import type Docker from "dockerode";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { messageOf } from "../errors.js";
import type { BuildSpec, ProgressListener } from "./container-client.js";
import { baseImagesOf } from "./dockerfile-base-images.js";
import { isConnectionFailure } from "./engine-errors.js";
import { PullProgress, type PullEvent } from "./pull-progress.js";
import { authForImage, authsForBuild, type RegistryAuth } from "./registry-auth.js";

interface ProgressEvent extends PullEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

const stepImage = /^ ---> ([0-9a-f]{12,64})$/;

export async function pullImage(docker: Docker, reference: string, onProgress: ProgressListener): Promise<void> {
  const authconfig = await authForImage(reference);
  const stream = await docker.pull(reference, authconfig ? { authconfig } : {});
  const progress = new PullProgress(onProgress);
  await followProgress(docker, stream, (event) => progress.event(event));
}

/** Builds and tags the image; a failure throws with the last 30 lines of the build's output. */
export async function buildImage(
  docker: Docker,
  spec: BuildSpec,
  onProgress: ProgressListener,
  onStep: (imageId: string) => void = () => undefined,
): Promise<void> {
  // Loaded here: tar-fs and the .dockerignore parser are for builds only, not every command's start-up.
  const { packBuildContext } = await import("./build-context.js");
  const context = await packBuildContext(spec.context, spec.dockerfile);
  const registryconfig = await registryConfigFor(spec);
  const stream = await docker.buildImage(context, {
    // The engine's AuthConfig also takes an identitytoken where the types say username and password.
    ...(registryconfig ? { registryconfig: registryconfig as Docker.RegistryConfig } : {}),
    t: spec.tag,
    dockerfile: spec.dockerfile,
    labels: spec.labels,
    buildargs: spec.buildArgs,
    ...(spec.target ? { target: spec.target } : {}),
    rm: true,
    forcerm: true, // remove intermediate containers also when a step fails
  });
  const output: string[] = [];
  let lastStep: string | undefined;
  try {
    await followProgress(docker, stream, (event) => {
      const text = event.stream ?? event.status;
      if (!text) return;
      output.push(text);
      for (const line of text.split("\n")) {
        const step = stepImage.exec(line)?.[1];
        if (step) {
          lastStep = step;
          onStep(step);
        }
        if (line.trim()) onProgress(line.trimEnd());
      }
    });
  } catch (error) {
    if (isConnectionFailure(error)) throw error; // the engine went away: that, not the build, is the news
    if (lastStep) await removeIfUntagged(docker, lastStep);
    const tail = output.join("").trimEnd().split("\n").slice(-30).join("\n");
    throw new Error(`build of ${spec.tag} from ${spec.context} failed: ${messageOf(error)}\n${tail}`, {
      cause: error,
    });
  }
}

/** The credentials for the registries of the build's base images (X-Registry-Config), or none. */
async function registryConfigFor(spec: BuildSpec): Promise<Record<string, RegistryAuth> | undefined> {
  const dockerfile = await readFile(join(spec.context, spec.dockerfile), "utf8").catch(() => "");
  const auths = await authsForBuild(baseImagesOf(dockerfile, spec.buildArgs));
  return Object.keys(auths).length > 0 ? auths : undefined;
}

/**
 * Removes a build step's image if nothing names it; one with a tag, or with
 * children (the engine answers 409), stays. Best effort: the build's own
 * failure is what the user needs to hear about.
 */
export async function removeIfUntagged(docker: Docker, id: string): Promise<void> {
  try {
    const image = await docker.getImage(id).inspect();
    const tags = (image.RepoTags ?? []).filter((t) => t !== "<none>:<none>");
    if (tags.length === 0) await docker.getImage(id).remove({ force: false, noprune: false });
  } catch {
    // in use, already gone, or the engine is busy: leave it
  }
}

/** Reads a pull/build progress stream to its end; an error event rejects. */
function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onEvent: (event: ProgressEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: ProgressEvent) => {
        const failure = event.errorDetail?.message ?? event.error;
        if (failure) reject(new Error(failure));
        else onEvent(event);
      },
    );
  });
}
