import type { ContainerSpec } from "../engine/container-client.js";
import { containerLabels } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import { interpolateList, interpolateRecord } from "../model/interpolate.js";
import type { JsonValue } from "../model/json.js";

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
    env: interpolateRecord(service.env, context, service.name, "env"),
    entrypoint: service.entrypoint ? interpolateList(service.entrypoint, context, service.name, "entrypoint") : null,
    cmd: service.cmd ? interpolateList(service.cmd, context, service.name, "cmd") : null,
    user: service.user ?? null,
    ports: service.ports,
    volumes: service.volumes,
    stopSignal: service.stopSignal,
    network,
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
    network: config.network,
    alias: service,
    labels: containerLabels(group, service, config),
  };
}
