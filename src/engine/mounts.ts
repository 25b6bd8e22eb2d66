/**
 * Mounts in the engine's own terms: what to mount when creating a container,
 * and what a container mounts, as the engine reports it.
 */

/**
 * What to mount where in a new container: a host path or a volume's name as
 * `source`; no source is a new anonymous volume.
 */
export interface MountSpec {
  source?: string;
  target: string;
  readOnly: boolean;
  /** The engine's bind options beside the mode: `z`/`Z`, propagation (`rshared`, …), `nocopy` (volumes). */
  options?: string[];
}

/**
 * A mount as the engine reports it. An anonymous volume is a volume whose
 * name is the 64-hex id Docker made up for it (an image's VOLUME, or a bare
 * container path in `volumes`) — also when a replacement container mounts it
 * again by that name.
 */
export interface MountInfo {
  type: "volume" | "bind" | "tmpfs" | "npipe";
  /** The volume's name (volumes only). */
  name?: string;
  /** The host path (binds), or where the volume lives on the host. */
  source: string;
  target: string;
  readOnly: boolean;
  anonymous: boolean;
}

/** The name Docker gives an anonymous volume: 64 hex digits. */
export function isAnonymousVolumeName(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}
