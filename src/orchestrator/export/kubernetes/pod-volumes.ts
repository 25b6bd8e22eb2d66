import type { IVolume, IVolumeMount } from "kubernetes-models/v1";
import { PersistentVolumeClaim } from "kubernetes-models/v1";
import type { ServiceDefinition } from "../../../model/definition.js";
import type { ExportNotes } from "./export-notes.js";
import { kubernetesName, objectMeta, type ExportScope } from "./kubernetes-names.js";

export interface PodVolumes {
  volumes: IVolume[];
  mounts: IVolumeMount[];
  /** The service mounts a named volume (a PersistentVolumeClaim): its pods are replaced, not rolled. */
  claims: string[];
}

/**
 * A service's mounts in a pod: a named volume → its PersistentVolumeClaim, an anonymous volume → an emptyDir
 * (which lives as long as the pod), tmpfs → a memory emptyDir, `shmSize` → a memory emptyDir at /dev/shm.
 * A bind mount of a host folder has no counterpart in a cluster: noted.
 */
export function podVolumes(scope: ExportScope, service: ServiceDefinition, notes: ExportNotes): PodVolumes {
  const result: PodVolumes = { volumes: [], mounts: [], claims: [] };
  const add = (volume: IVolume, mount: IVolumeMount) => {
    result.volumes.push(volume);
    result.mounts.push(mount);
  };
  service.volumes.forEach((binding, i) => {
    const name = `volume-${i}`;
    switch (binding.type) {
      case "volume": {
        const claimName = claimNameOf(scope, binding.name);
        result.claims.push(claimName);
        add(
          { name, persistentVolumeClaim: { claimName } },
          { name, mountPath: binding.container, ...(binding.mode === "ro" ? { readOnly: true } : {}) },
        );
        if (binding.options?.length) {
          notes.add(service.name, "volumes", `${binding.name}: options ${binding.options.join(",")} not carried over`);
        }
        return;
      }
      case "anonymous":
        add({ name, emptyDir: {} }, { name, mountPath: binding.container });
        notes.add(
          service.name,
          "volumes",
          `anonymous volume ${binding.container} becomes an emptyDir: lost when the pod is replaced ` +
            "(boss carries it to a replacement container)",
        );
        return;
      case "bind":
        notes.add(
          service.name,
          "volumes",
          `bind mount of the host folder ${binding.host} at ${binding.container} not carried over: ` +
            "put the files in the image, a ConfigMap or a volume",
        );
        return;
    }
  });
  for (const [path, options] of Object.entries(service.options.tmpfs ?? {})) {
    const name = `tmpfs-${result.volumes.length}`;
    const size = /(?:^|,)size=([^,]+)/.exec(options)?.[1];
    const sizeLimit = size === undefined ? undefined : quantity(size);
    add({ name, emptyDir: { medium: "Memory", ...(sizeLimit ? { sizeLimit } : {}) } }, { name, mountPath: path });
    const rest = options
      .split(",")
      .filter((o) => o !== "" && !o.startsWith("size="))
      .join(",");
    if (rest !== "") notes.add(service.name, "tmpfs", `${path}: options ${rest} not carried over`);
  }
  if (service.options.shmSize !== undefined) {
    add(
      { name: "shm", emptyDir: { medium: "Memory", sizeLimit: String(service.options.shmSize) } },
      { name: "shm", mountPath: "/dev/shm" },
    );
  }
  return result;
}

/** The claim of a named volume: `<group>-<name>`, as boss names the engine's volume `<group>_<name>`. */
export function claimNameOf(scope: ExportScope, volume: string): string {
  return kubernetesName(scope.group, volume);
}

/** One PersistentVolumeClaim per named volume of the group, `size` each (ReadWriteOnce: one node mounts it). */
export function volumeClaims(
  scope: ExportScope,
  services: readonly ServiceDefinition[],
  size: string,
  notes: ExportNotes,
): PersistentVolumeClaim[] {
  const users = new Map<string, string[]>();
  for (const service of services) {
    for (const binding of service.volumes) {
      if (binding.type !== "volume") continue;
      users.set(binding.name, [...(users.get(binding.name) ?? []), service.name]);
    }
  }
  return [...users].map(([volume, names]) => {
    const shared = new Set(names).size > 1 || services.some((s) => names.includes(s.name) && s.replicas > 1);
    if (shared) {
      notes.add(
        undefined,
        `volumes.${volume}`,
        `mounted by several pods (${[...new Set(names)].join(", ")}): a ReadWriteOnce claim holds only when ` +
          "they run on one node; use a storage class with ReadWriteMany otherwise",
      );
    }
    return new PersistentVolumeClaim({
      metadata: objectMeta(scope, claimNameOf(scope, volume)),
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } },
    });
  });
}

/** compose's `64m`/`1g`/`512k`/bytes as a Kubernetes quantity (`64Mi`). */
function quantity(size: string): string | undefined {
  const match = /^(\d+)([kmg]?)b?$/i.exec(size.trim());
  if (!match) return undefined;
  const unit = { "": "", k: "Ki", m: "Mi", g: "Gi" }[(match[2] ?? "").toLowerCase()];
  return `${match[1]}${unit ?? ""}`;
}
