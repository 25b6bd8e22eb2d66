// The limit: what one container takes from create to ready, measured with the
// engine API directly and a readiness check every 10 ms (no orchestrator, no
// polling delay worth the name). A graph cannot come up faster than this
// times the number of layers on its longest chain.
import type Docker from "dockerode";
import { docker } from "./engine.js";
import { freePorts } from "./ports.js";
import { since, sleep } from "./stats.js";
import { answers, benchImage, serviceCommand, servicePort } from "./tiny-service.js";

const readinessPollMs = 10;

/** A network for the limit's containers, like the one boss makes per group. */
export async function createLimitNetwork(name: string, label: string): Promise<void> {
  const [key = "", value = ""] = label.split("=");
  await docker.createNetwork({ Name: name, Driver: "bridge", Labels: { [key]: value } });
}

/** Create + start + ready of one service container, in ms; the container is removed afterwards (untimed). */
export async function measureOneContainer(network: string, label: string, delayMs: number): Promise<number> {
  const { ms, container } = await startOne(network, label, delayMs);
  await container.remove({ force: true }).catch(() => undefined);
  return ms;
}

/**
 * Create + start + ready of `width` containers at once, until the last is
 * ready, in ms: what one layer of a wide graph costs the engine alone.
 */
export async function measureOneLayer(network: string, label: string, delayMs: number, width: number): Promise<number> {
  const began = performance.now();
  const started = await Promise.allSettled(Array.from({ length: width }, () => startOne(network, label, delayMs)));
  const ms = since(began);
  for (const s of started)
    if (s.status === "fulfilled") await s.value.container.remove({ force: true }).catch(() => undefined);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return ms;
}

async function startOne(
  network: string,
  label: string,
  delayMs: number,
): Promise<{ ms: number; container: Docker.Container }> {
  const [key = "", value = ""] = label.split("=");
  const [hostPort = 0] = await freePorts(1);
  const began = performance.now();
  const container = await docker.createContainer({
    Image: benchImage,
    Cmd: serviceCommand(delayMs),
    Labels: { [key]: value },
    ExposedPorts: { [`${servicePort}/tcp`]: {} },
    HostConfig: {
      PortBindings: { [`${servicePort}/tcp`]: [{ HostIp: "", HostPort: String(hostPort) }] },
      NetworkMode: network,
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: ["limit"] } } },
  });
  try {
    await container.start();
    const deadline = Date.now() + 60_000;
    while (!(await answers(hostPort, 200))) {
      if (Date.now() > deadline) throw new Error("the limit's container did not answer within 60 s");
      await sleep(readinessPollMs);
    }
    return { ms: since(began), container };
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  }
}
