import type { ContainerSpec, MountSpec, PortSpec } from "../engine/container-client.js";
import { containerLabels } from "../engine/labels.js";
import type { ContainerOptions } from "../model/container-options.js";
import type { ServiceDefinition } from "../model/definition.js";
import { interpolateJson, interpolateList, interpolateRecord } from "../model/interpolate.js";
import type { JsonValue } from "../model/json.js";
import { controlTokenKey } from "./ccc/control-token.js";
import { optionsOfConfig } from "./container-options-config.js";
import { volumeName } from "./named-volumes.js";
import { portSpec } from "./port-spec.js";

/**
 * The definition of one container after interpolation: what it is hashed
 * over (so a change to any of it replaces the container) and created from.
 */
export interface ContainerConfig extends ContainerOptions {
  image: string;
  imageId: string;
  env: Record<string, string>;
  entrypoint: string[] | null;
  cmd: string[] | null;
  user: string | null;
  ports: ServiceDefinition["ports"];
  volumes: ServiceDefinition["volumes"];
  /** null: the image's STOPSIGNAL. */
  stopSignal: string | null;
  capAdd: string[];
  /** For a service whose image embeds the Container Control Core: its port and the start payload. */
  control: { port: number; payload: JsonValue } | null;
  network: string;
  /** Only on jobs (absent otherwise, so other services' hashes stay as they were): turning a service into a job replaces it. */
  job?: true;
}

export function containerConfig(
  service: ServiceDefinition,
  context: ReadonlyMap<string, JsonValue>,
  imageId: string,
  network: string,
): ContainerConfig {
  return {
    image: service.image,
    imageId,
    env: { ...interpolateRecord(service.env, context, service.name, "env"), ...controlEnv(service, context) },
    entrypoint: service.entrypoint ? interpolateList(service.entrypoint, context, service.name, "entrypoint") : null,
    cmd: service.cmd ? interpolateList(service.cmd, context, service.name, "cmd") : null,
    user: service.user ?? null,
    ports: service.ports,
    volumes: service.volumes,
    stopSignal: service.stopSignal ?? null,
    capAdd: service.capAdd,
    control: service.control
      ? {
          port: service.control.port,
          payload: interpolateJson(service.control.payload, context, service.name, "control.payload"),
        }
      : null,
    network,
    ...service.options,
    ...(service.job ? { job: true as const } : {}),
  };
}

/** A controlled container gets the group's token (and its port, should it not be the core's default). */
function controlEnv(service: ServiceDefinition, context: ReadonlyMap<string, JsonValue>): Record<string, string> {
  if (!service.control) return {};
  const token = context.get(controlTokenKey);
  return {
    ...(typeof token === "string" ? { CCC_TOKEN: token } : {}),
    CCC_PORT: String(service.control.port),
  };
}

/** Where the container goes: its name, the network's id, and anonymous volumes carried over from the container it replaces. */
export interface Placement {
  name: string;
  networkId: string;
  inherited: readonly MountSpec[];
}

export function containerSpec(
  group: string,
  service: string,
  config: ContainerConfig,
  placement: Placement,
): ContainerSpec {
  const { name, networkId, inherited } = placement;
  return {
    name,
    image: config.image,
    env: config.env,
    ...(config.entrypoint ? { entrypoint: config.entrypoint } : {}),
    ...(config.cmd ? { cmd: config.cmd } : {}),
    ...(config.user ? { user: config.user } : {}),
    ports: portsToPublish(config),
    mounts: mountsOf(group, config.volumes, inherited),
    ...(config.stopSignal ? { stopSignal: config.stopSignal } : {}),
    capAdd: config.capAdd,
    network: networkId,
    alias: service,
    labels: containerLabels(group, service, config),
    options: optionsOfConfig(config),
  };
}

/**
 * The service's ports (on every host address unless they name one), and a controlled service's core
 * port on 127.0.0.1 only, at a free port the engine picks (found with publishedPort).
 */
function portsToPublish(config: ContainerConfig): PortSpec[] {
  const declared = config.ports.map(portSpec);
  const core: PortSpec[] = config.control
    ? [{ containerPort: config.control.port, protocol: "tcp", hostIp: "127.0.0.1" }]
    : [];
  return [...declared, ...core];
}

/**
 * The service's mounts, with the anonymous volumes of the container it
 * replaces in place of new ones — at the paths the service declares and at
 * its image's VOLUME paths (which it does not declare) alike.
 */
export function mountsOf(
  group: string,
  volumes: ContainerConfig["volumes"],
  inherited: readonly MountSpec[] = [],
): MountSpec[] {
  const declared = volumes.map((v): MountSpec => {
    switch (v.type) {
      case "bind":
        return { source: v.host, target: v.container, readOnly: v.mode === "ro", ...optionsOf(v) };
      case "volume":
        return { source: volumeName(group, v.name), target: v.container, readOnly: v.mode === "ro", ...optionsOf(v) };
      case "anonymous":
        return inherited.find((m) => m.target === v.container) ?? { target: v.container, readOnly: false };
    }
  });
  const taken = new Set(volumes.map((v) => v.container));
  return [...declared, ...inherited.filter((m) => !taken.has(m.target))];
}

function optionsOf(binding: { options?: string[] }): Pick<MountSpec, "options"> {
  return binding.options?.length ? { options: binding.options } : {};
}
