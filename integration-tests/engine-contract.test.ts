// The engine contract (test/engine/container-client-contract.ts) against the
// real engine: the same cases the fake engine passes, so the orchestrator's
// fake-based tests believe what Docker does.
import { describe } from "node:test";
import { DockerContainerClient } from "../src/engine/docker-client.js";
import { containerClientContract } from "../test/engine/container-client-contract.js";
import { busybox, containersOf, engineUnavailable, removeGroup } from "./harness.js";

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
    cleanUp: removeGroupAndItsVolumes,
  }));
});

/**
 * The harness's clean-up, and the anonymous volumes the group's containers
 * mount by name (a case mounts one again in a second container): removing a
 * container with its volumes leaves those.
 */
async function removeGroupAndItsVolumes(group: string): Promise<void> {
  const anonymous = (await containersOf(group)).flatMap((c) =>
    (c.Mounts ?? []).flatMap((m) => (m.Type === "volume" && m.Name && /^[0-9a-f]{64}$/.test(m.Name) ? [m.Name] : [])),
  );
  await removeGroup(group, undefined, { volumes: anonymous });
}
