import type { MountSpec } from "./mounts.js";

/** What a container runs, as both service containers and one-off containers describe it. */
export interface ProcessSpec {
  name: string;
  image: string;
  env: Record<string, string>;
  entrypoint?: string[];
  cmd?: string[];
  user?: string;
  labels: Record<string, string>;
}

/** The Engine API's create-container fields for `spec` (the rest — ports, stdin, host config — is the caller's). */
export function processConfig(spec: ProcessSpec) {
  return {
    name: spec.name,
    Image: spec.image,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    ...(spec.cmd ? { Cmd: spec.cmd } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    Labels: spec.labels,
  };
}

/** The host-config half of mounts: binds and volumes by name as `Binds`, new anonymous volumes as `Volumes`. */
export function mountConfig(mounts: readonly MountSpec[]): { Binds: string[]; Volumes?: Record<string, object> } {
  const binds = mounts.flatMap((m) =>
    m.source ? [`${m.source}:${m.target}:${[m.readOnly ? "ro" : "rw", ...(m.options ?? [])].join(",")}`] : [],
  );
  const anonymous = mounts.filter((m) => !m.source).map((m) => [m.target, {}] as const);
  return { Binds: binds, ...(anonymous.length ? { Volumes: Object.fromEntries(anonymous) } : {}) };
}
