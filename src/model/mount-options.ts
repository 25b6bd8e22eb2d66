/**
 * The options after a mount's container path, as compose (and `docker run -v`)
 * write them: `ro`/`rw`, `z`/`Z` (SELinux relabel, shared or private), `nocopy`
 * (a volume not filled from the image), bind propagation (`rshared`, …), and
 * the macOS-only hints `cached`/`delegated`/`consistent`, which do nothing on
 * Linux and are dropped. Combined with commas: `./conf:/etc/app:ro,z`.
 */

type Mode = "ro" | "rw";

export const propagations = ["rprivate", "private", "rshared", "shared", "rslave", "slave"] as const;
export type Propagation = (typeof propagations)[number];

/** A mount's options: its mode, and the engine's other words for it (`z`, `rshared`, `nocopy`), sorted. */
export interface MountOptions {
  mode: Mode;
  options: string[];
}

const ignored = new Set(["cached", "delegated", "consistent"]);
const known = "ro, rw, z, Z, nocopy, rprivate, private, rshared, shared, rslave or slave";

/** Reads `ro,z` for a mount of `kind`; `fail` gets a message saying what is wrong. */
export function parseMountOptions(
  text: string,
  kind: "bind" | "volume",
  fail: (message: string) => never,
): MountOptions {
  const words = text.split(",").filter((w) => !ignored.has(w));
  const modes = words.filter((w): w is Mode => w === "ro" || w === "rw");
  const selinux = words.filter((w) => w === "z" || w === "Z");
  const propagation = words.filter((w) => (propagations as readonly string[]).includes(w));
  const nocopy = words.filter((w) => w === "nocopy");
  const unknown = words.find(
    (w) => !modes.includes(w as Mode) && w !== "z" && w !== "Z" && w !== "nocopy" && !propagation.includes(w),
  );
  if (unknown !== undefined) fail(`unknown mount option "${unknown}" in "${text}"; use ${known}, joined by commas`);
  if (modes.length > 1) fail(`"${text}" gives the mode twice; use ro or rw`);
  if (selinux.length > 1) fail(`"${text}" gives the SELinux label twice; use z (shared) or Z (private)`);
  if (propagation.length > 1) fail(`"${text}" gives the bind propagation twice`);
  return checked({ mode: modes[0] ?? "rw", options: [...selinux, ...propagation, ...nocopy] }, kind, fail);
}

/** The options of compose's long form: `bind: { propagation, selinux }`, `volume: { nocopy }`. */
export function longFormOptions(
  readOnly: boolean,
  bind: unknown,
  volume: unknown,
  kind: "bind" | "volume",
  fail: (message: string) => never,
  describe: (value: unknown) => string,
): MountOptions {
  const options: string[] = [];
  if (bind !== undefined) {
    if (typeof bind !== "object" || bind === null)
      return fail(`bind: expected { propagation, selinux }, got ${describe(bind)}`);
    const { propagation, selinux, ...rest } = bind as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra) fail(`bind: unknown key "${extra}"; bind takes propagation and selinux`);
    if (selinux !== undefined) {
      if (selinux !== "z" && selinux !== "Z") fail(`bind.selinux: expected "z" or "Z", got ${describe(selinux)}`);
      options.push(selinux);
    }
    if (propagation !== undefined) {
      if (!(propagations as readonly unknown[]).includes(propagation)) {
        fail(`bind.propagation: expected one of ${propagations.join(", ")}, got ${describe(propagation)}`);
      }
      options.push(propagation as string);
    }
  }
  if (volume !== undefined) {
    if (typeof volume !== "object" || volume === null)
      return fail(`volume: expected { nocopy }, got ${describe(volume)}`);
    const { nocopy, ...rest } = volume as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra) fail(`volume: unknown key "${extra}"; volume takes nocopy`);
    if (nocopy !== undefined && typeof nocopy !== "boolean")
      fail(`volume.nocopy: expected true or false, got ${describe(nocopy)}`);
    if (nocopy === true) options.push("nocopy");
  }
  return checked({ mode: readOnly ? "ro" : "rw", options }, kind, fail);
}

/** Propagation and SELinux labels are for host folders, nocopy for volumes: the engine refuses the others. */
function checked(result: MountOptions, kind: "bind" | "volume", fail: (message: string) => never): MountOptions {
  for (const option of result.options) {
    if (kind === "volume" && option !== "nocopy") {
      fail(`"${option}" applies to a host folder (a bind mount), not to a volume`);
    }
    if (kind === "bind" && option === "nocopy") fail(`"nocopy" applies to a volume, not to a host folder`);
  }
  return { mode: result.mode, options: [...result.options].sort() };
}
