// The engine references: the engine's own time for the work a boss command
// needs, made with raw Engine API calls on the same socket (engine-api.ts)
// and timed in this process, which is already running — so a boss command's
// time minus `node -e 0` minus its reference is what boss itself adds.
// Calls that do not need each other's answers are made at once.
import { labelFilter, type EngineApi } from "./engine-api.js";
import { layersOf, type BenchGraph } from "./graphs.js";
import { since } from "./stats.js";

interface ListedContainer {
  Id: string;
  Created: number;
  State: string;
  Labels: Record<string, string>;
}

/** A group of containers made by the engine reference itself, the way boss makes a group's. */
export interface ReferenceGroup {
  group: string;
  /** "key=value" put on the network and every container, for the cleanup. */
  label: string;
  graph: BenchGraph;
  image: string;
  cmd: string[];
}

/**
 * The calls each reference makes, as the engine recorder names them (engine-recorder.ts): the engine's time
 * in a boss run is its time on calls of these kinds. Any other call boss makes (the engine ping, an inspect
 * after a start, a list before a create) is its own time, however long the engine takes to answer it.
 */
export const referenceCalls = {
  start: /^POST \/(networks\/create|containers\/create|containers\/[^/?]+\/start)(\?|$)/,
  noopStart: /^GET \/(containers\/json|networks(\/[^/?]+)?|images\/[^?]+\/json)(\?|$)/,
  status: /^GET \/containers\/(json|[^/?]+\/json)(\?|$)/,
  stop: /^(GET \/containers\/json|POST \/containers\/[^/?]+\/(stop|kill|wait))(\?|$)/,
} as const;

const groupLabel = "boss.group";
const serviceLabel = "boss.service";
const stopTimeoutSeconds = 10;

export class EngineReference {
  constructor(private readonly api: EngineApi) {}

  /**
   * What a no-op start needs to know: the group's containers (one list by
   * label; their state and config-hash labels are in it), that the group's
   * network is there, and each distinct image's id (a rebuilt image must
   * replace its containers). Not the engine ping: the list fails just as well.
   */
  async noopStart(group: string, network: string, images: readonly string[]): Promise<number> {
    const began = performance.now();
    await Promise.all([
      this.list(group),
      this.api.get(`/networks/${encodeURIComponent(network)}`),
      ...[...new Set(images)].map((image) => this.api.get(`/images/${encodeURIComponent(image)}/json`)),
    ]);
    return since(began);
  }

  /** What `boss status` needs: the list, then every container inspected (exit code, health, start time, ports). */
  async status(group: string): Promise<number> {
    const began = performance.now();
    const containers = await this.list(group);
    await Promise.all(containers.map((c) => this.api.get(`/containers/${c.Id}/json`)));
    return since(began);
  }

  /** What `boss logs SERVICE` needs: the service's containers, then the newest one's output. */
  async logs(group: string, service: string): Promise<number> {
    const began = performance.now();
    const containers = await this.list(group, `${serviceLabel}=${service}`);
    const newest = containers.sort((x, y) => y.Created - x.Created)[0];
    if (!newest) throw new Error(`engine reference: no container of ${service} in ${group}`);
    await this.api.get(`/containers/${newest.Id}/logs?stdout=1&stderr=1`);
    return since(began);
  }

  /**
   * What `boss stop` needs: the list, then the running containers stopped
   * layer by layer in reverse dependency order, each layer at once. A stop
   * waits for the container to exit (the engine's own wait, up to the 10 s
   * timeout); a SIGKILL-signal service is killed and waited for instead.
   */
  async stop(group: string, graph: BenchGraph): Promise<number> {
    const began = performance.now();
    const running = (await this.list(group)).filter((c) => c.State === "running");
    const kill = new Set(graph.services.filter((s) => s.stopSignal === "SIGKILL").map((s) => s.name));
    for (const layer of layersOf(graph).reverse()) {
      const ids = running.filter((c) => layer.includes(c.Labels[serviceLabel] ?? ""));
      await Promise.all(
        ids.map(async (c) => {
          if (kill.has(c.Labels[serviceLabel] ?? "")) {
            await this.api.post(`/containers/${c.Id}/kill?signal=KILL`, undefined, [409]);
            await this.api.post(`/containers/${c.Id}/wait?condition=not-running`);
          } else {
            await this.api.post(`/containers/${c.Id}/stop?t=${stopTimeoutSeconds}`, undefined, [304]);
          }
        }),
      );
    }
    return since(began);
  }

  /**
   * A fresh start by the engine alone: the group's network created, then
   * layer by layer every container of the layer created and started at once
   * (named, labelled and joined to the network with its alias as boss does).
   * Ready means started: the scaling services have no ping.
   */
  async start(ref: ReferenceGroup): Promise<number> {
    const [key = "", value = ""] = ref.label.split("=");
    const labels = { [key]: value, [groupLabel]: ref.group };
    const began = performance.now();
    const network = (await this.api.post("/networks/create", {
      Name: `boss-${ref.group}`,
      Driver: "bridge",
      CheckDuplicate: true,
      Labels: labels,
    })) as { Id: string };
    const byName = new Map(ref.graph.services.map((s) => [s.name, s]));
    for (const layer of layersOf(ref.graph)) {
      await Promise.all(
        layer.map(async (name) => {
          const created = (await this.api.post(`/containers/create?name=${ref.group}-${name}-1`, {
            Image: ref.image,
            Cmd: ref.cmd,
            Labels: { ...labels, [serviceLabel]: name },
            ...(byName.get(name)?.stopSignal ? { StopSignal: byName.get(name)?.stopSignal } : {}),
            HostConfig: { NetworkMode: network.Id },
            NetworkingConfig: { EndpointsConfig: { [network.Id]: { Aliases: [name] } } },
          })) as { Id: string };
          await this.api.post(`/containers/${created.Id}/start`, undefined, [304]);
        }),
      );
    }
    return since(began);
  }

  /** The group's containers, running or not (with `more` labels too). */
  private async list(group: string, ...more: string[]): Promise<ListedContainer[]> {
    return (await this.api.get(
      `/containers/json?all=1&${labelFilter(`${groupLabel}=${group}`, ...more)}`,
    )) as ListedContainer[];
  }
}
