import type { LogChunk, LogOptions } from "../../src/engine/log-stream.js";
import type {
  SwarmClient,
  SwarmInfo,
  SwarmServiceSpec,
  SwarmServiceSummary,
  SwarmTask,
} from "../../src/engine/swarm/swarm-client.js";
import { Label } from "../../src/engine/labels.js";
import { SwarmLabel } from "../../src/orchestrator/deploy/swarm-labels.js";

export interface FakeSwarmService {
  id: string;
  spec: SwarmServiceSpec;
  labels: Record<string, string>;
  tasks: SwarmTask[];
  /** How often its tasks were replaced by an update. */
  updates: number;
  attempt: number;
}

/**
 * A swarm in memory: a created or updated service gets its tasks at once,
 * running, unless told otherwise — an image `unpullable` makes them
 * rejected, a service in `crashing` makes them fail (with log lines), a
 * constraint naming `node.labels.zone == mars` leaves them pending with
 * Swarm's "no suitable node".
 */
export class FakeSwarmClient implements SwarmClient {
  readonly address = "unix:/fake/docker.sock";
  info: SwarmInfo = { state: "active", manager: true, nodes: 1 };
  readonly services = new Map<string, FakeSwarmService>();
  readonly networks = new Map<string, { id: string; labels: Record<string, string> }>();
  readonly unpullable = new Set<string>();
  readonly crashing = new Set<string>();
  readonly calls: string[] = [];
  readonly pushed: string[] = [];
  /** Task containers still shutting down, by group, for undeploy to wait on. */
  lingering = 0;
  private next = 1;
  private nextPort = 30000;

  byName(service: string): FakeSwarmService | undefined {
    return [...this.services.values()].find((s) => s.labels[Label.service] === service);
  }

  swarmInfo(): Promise<SwarmInfo> {
    return Promise.resolve(this.info);
  }

  listServices(filter: { group: string; service?: string }): Promise<SwarmServiceSummary[]> {
    const found = [...this.services.values()].filter(
      (s) =>
        s.labels[Label.group] === filter.group &&
        (filter.service === undefined || s.labels[Label.service] === filter.service),
    );
    return Promise.resolve(
      found.map((s) => ({
        id: s.id,
        name: s.spec.name,
        labels: { ...s.labels },
        replicas: s.spec.replicas,
        // Ingress ports: the one asked for, or one Swarm picks (here: 31000 + the service's number).
        endpointPorts: s.spec.ports
          .filter((p) => p.mode === "ingress")
          .map((p) => ({
            containerPort: p.targetPort,
            hostPort: p.publishedPort ?? 31000 + Number(s.id.replace("svc", "")),
            protocol: p.protocol,
            hostIp: "0.0.0.0",
          })),
        attempt: s.attempt,
      })),
    );
  }

  createService(spec: SwarmServiceSpec): Promise<string> {
    this.calls.push(`create ${spec.name}`);
    const id = `svc${this.next++}`;
    this.services.set(id, { id, spec, labels: { ...spec.labels }, tasks: [], updates: 0, attempt: 0 });
    this.schedule(id);
    return Promise.resolve(id);
  }

  updateService(id: string, spec: SwarmServiceSpec, options: { force: boolean }): Promise<{ attempt: number }> {
    this.calls.push(`update ${spec.name}${options.force ? " (force)" : ""}`);
    const service = this.get(id);
    service.spec = spec;
    service.labels = { ...spec.labels };
    service.updates++;
    if (options.force) service.attempt++;
    for (const t of service.tasks) if (t.desiredState === "running") t.desiredState = "shutdown";
    this.schedule(id);
    return Promise.resolve({ attempt: service.attempt });
  }

  setServiceLabels(id: string, labels: Record<string, string>): Promise<void> {
    this.calls.push(`label ${this.get(id).spec.name}`);
    this.get(id).labels = { ...labels };
    return Promise.resolve();
  }

  removeService(id: string): Promise<void> {
    this.calls.push(`remove ${this.services.get(id)?.spec.name ?? id}`);
    this.services.delete(id);
    return Promise.resolve();
  }

  listTasks(serviceId: string): Promise<SwarmTask[]> {
    return Promise.resolve(this.services.get(serviceId)?.tasks.map((t) => ({ ...t })) ?? []);
  }

  async *serviceLogs(serviceId: string, options: LogOptions): AsyncIterable<LogChunk> {
    await Promise.resolve();
    const service = this.services.get(serviceId);
    if (!service || !this.crashing.has(service.labels[Label.service] ?? "")) return;
    const lines = ["starting", "cannot open /data: permission denied"].slice(-(options.tail ?? 2));
    yield { stream: "stderr", data: Buffer.from(lines.join("\n") + "\n") };
  }

  ensureOverlayNetwork(name: string, labels: Record<string, string>): Promise<string> {
    const found = this.networks.get(name) ?? { id: `net-${name}`, labels };
    this.networks.set(name, found);
    return Promise.resolve(found.id);
  }

  removeNetworks(labels: Record<string, string>): Promise<string[]> {
    const names = [...this.networks].filter(([, n]) => Object.entries(labels).every(([k, v]) => n.labels[k] === v));
    for (const [name] of names) this.networks.delete(name);
    return Promise.resolve(names.map(([name]) => name));
  }

  countContainers(): Promise<number> {
    return Promise.resolve(this.lingering > 0 ? this.lingering-- : 0);
  }

  pushImage(source: string, target: string): Promise<string> {
    this.pushed.push(`${source} -> ${target}`);
    return Promise.resolve(`${target}@sha256:pushed`);
  }

  private schedule(id: string): void {
    const service = this.get(id);
    const { spec } = service;
    const name = service.labels[Label.service] ?? "";
    const task = (slot: number, state: SwarmTask["state"], error?: string): SwarmTask => ({
      id: `${id}-task${service.tasks.length + 1}`,
      serviceId: id,
      slot,
      desiredState: "running",
      state,
      ...(error ? { error } : {}),
      containerLabels: { ...spec.containerLabels },
      ports: spec.ports
        .filter((p) => p.mode === "host")
        .map((p) => ({
          containerPort: p.targetPort,
          hostPort: p.publishedPort ?? this.nextPort++,
          protocol: p.protocol,
          hostIp: "0.0.0.0",
        })),
      timestamp: new Date(Date.now() + service.tasks.length).toISOString(),
      attempt: service.attempt,
    });
    for (let slot = 1; slot <= spec.replicas; slot++) {
      if (this.unpullable.has(spec.image)) service.tasks.push(task(slot, "rejected", `No such image: ${spec.image}`));
      else if (this.crashing.has(name)) {
        for (let i = 0; i < 3; i++) service.tasks.push(task(slot, "failed", "task: non-zero exit (1)"));
      } else if (spec.constraints.some((c) => c.includes("mars")))
        service.tasks.push(task(slot, "pending", "no suitable node (scheduling constraints not satisfied on 1 node)"));
      else service.tasks.push(task(slot, "running"));
    }
  }

  private get(id: string): FakeSwarmService {
    const service = this.services.get(id);
    if (!service) throw new Error(`no service ${id}`);
    return service;
  }
}

export { SwarmLabel };
