import type { ContainerSpec } from "../engine/container-client.js";
import { containerLabels } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import { interpolateJson, interpolateList, interpolateRecord } from "../model/interpolate.js";
import type { JsonValue } from "../model/json.js";
import { controlTokenKey } from "./ccc/control-token.js";

/**
 * The definition of one container after interpolation: what it is hashed
 * over (so a change to any of it replaces the container) and created from.
 */
export interface ContainerConfig {
  image: string;
  imageId: string;
  env: Record<string, string>;
  entrypoint: string[] | null;
  cmd: string[] | null;
  user: string | null;
  ports: ServiceDefinition["ports"];
  volumes: ServiceDefinition["volumes"];
  stopSignal: string;
  capAdd: string[];
  /** For a service whose image embeds the Container Control Core: its port and the start payload. */
  control: { port: number; payload: JsonValue } | null;
  network: string;
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
    stopSignal: service.stopSignal,
    capAdd: service.capAdd,
    control: service.control
      ? {
          port: service.control.port,
          payload: interpolateJson(service.control.payload, context, service.name, "control.payload"),
        }
      : null,
    network,
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

export function containerSpec(group: string, service: string, name: string, config: ContainerConfig): ContainerSpec {
  return {
    name,
    image: config.image,
    env: config.env,
    ...(config.entrypoint ? { entrypoint: config.entrypoint } : {}),
    ...(config.cmd ? { cmd: config.cmd } : {}),
    ...(config.user ? { user: config.user } : {}),
    ports: config.ports,
    volumes: config.volumes,
    stopSignal: config.stopSignal,
    capAdd: config.capAdd,
    privatePorts: config.control ? [config.control.port] : [],
    network: config.network,
    alias: service,
    labels: containerLabels(group, service, config),
  };
}
