/**
 * A service's container options in its container config: spread at the top level, present only when set,
 * so that `boss start` names the field that changed (`memory changed`) and a service that sets none keeps
 * the hash (and the container) it had before these options existed.
 */
import type { ContainerOptionsSpec } from "../engine/container-client.js";
import type { ContainerOptions } from "../model/container-options.js";

/** Every option's key, checked by the compiler against ContainerOptions both ways. */
const optionKeys: Record<keyof ContainerOptions, true> = {
  restart: true,
  memory: true,
  cpus: true,
  workingDir: true,
  hostname: true,
  extraHosts: true,
  tmpfs: true,
  init: true,
  shmSize: true,
  ulimits: true,
  platform: true,
  labels: true,
  aliases: true,
  healthcheck: true,
  sysctls: true,
  devices: true,
  securityOpt: true,
  readOnly: true,
  stopGracePeriod: true,
  rawCreateOptions: true,
};

/** The options of a config read back (a config is the options spread beside the other fields). */
export function optionsOfConfig(config: ContainerOptions): ContainerOptionsSpec {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(optionKeys) as Array<keyof ContainerOptions>) {
    if (config[key] !== undefined) picked[key] = config[key];
  }
  return picked;
}
