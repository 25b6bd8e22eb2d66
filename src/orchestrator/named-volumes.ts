import type { ContainerClient } from "../engine/container-client.js";
import { Label } from "../engine/labels.js";
import type { VolumeBinding } from "../model/definition.js";

/** The engine's name of a service's named volume, as compose names them: `<group>_<name>`. */
export function volumeName(group: string, name: string): string {
  return `${group}_${name}`;
}

/**
 * Creates the named volumes `volumes` use that do not exist yet, labelled
 * with the group (so `stop --remove --volumes` finds them, and nothing else).
 */
export async function ensureNamedVolumes(
  client: ContainerClient,
  group: string,
  volumes: readonly VolumeBinding[],
): Promise<void> {
  for (const v of volumes) {
    if (v.type === "volume")
      await client.ensureVolume(volumeName(group, v.name), { [Label.group]: group, [Label.volume]: v.name });
  }
}
