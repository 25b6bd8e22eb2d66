// The engine contract (test/engine/container-client-contract.ts) against the
// real engine: the same cases the fake engine passes, so the orchestrator's
// fake-based tests believe what Docker does.
import { describe } from "node:test";
import { DockerContainerClient } from "../src/engine/docker-client.js";
import { containerClientContract } from "../test/engine/container-client-contract.js";
import { busybox, cleanUp, containersOf, docker, engineUnavailable } from "./harness.js";

const skip = await engineUnavailable();

describe("DockerContainerClient keeps the engine contract", { skip, timeout: 120_000 }, () => {
  containerClientContract(() => ({
    client: new DockerContainerClient(),
    image: busybox,
    exitingCommand: (_service, exitCode, lines) => [
      "sh",
      "-c",
      `for line in "$@"; do echo "$line"; done; exit ${exitCode}`,
      "sh",
      ...lines,
    ],
    cleanUp: removeGroup,
  }));
});

/**
 * The harness's clean-up, and the anonymous volumes the group's containers
 * mount by name (a case mounts one again in a second container): removing a
 * container with its volumes leaves those.
 */
async function removeGroup(group: string): Promise<void> {
  const anonymous = (await containersOf(group)).flatMap((c) =>
    (c.Mounts ?? []).flatMap((m) => (m.Type === "volume" && m.Name && /^[0-9a-f]{64}$/.test(m.Name) ? [m.Name] : [])),
  );
  await cleanUp(group);
  for (const name of anonymous)
    await docker
      .getVolume(name)
      .remove()
      .catch(() => {});
}
