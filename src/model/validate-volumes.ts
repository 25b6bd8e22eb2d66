/**
 * A service's `volumes`, read the way docker compose reads them: a source that
 * is a path (`/x`, `./x`, `../x`, `~/x`, `conf/x`) is a bind mount, a bare name
 * (`pgdata`) is a named volume of the group, and a container path alone
 * (`/cache`) is an anonymous volume. Miniboss's object form
 * (`{ host: { bind, mode } }`) and compose's long form (`{ source, target }`)
 * follow the same rules.
 */
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import type { VolumeBinding } from "./definition.js";
import { longFormOptions, parseMountOptions } from "./mount-options.js";

type Fail = (field: string, message: string) => never;
type Mode = "ro" | "rw";

const volumeName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const shortForm = '"host-path-or-volume:/container/path[:ro,z,…]" or "/container/path"';

export function validateVolumes(
  value: unknown,
  dir: string,
  fail: Fail,
  describe: (value: unknown) => string,
): VolumeBinding[] {
  if (value === undefined) return [];
  const bindings = readVolumes(value, dir, fail, describe);
  const seen = new Set<string>();
  bindings.forEach((binding, i) => {
    if (seen.has(binding.container)) fail(`volumes[${i}]`, `${binding.container} is mounted twice`);
    seen.add(binding.container);
  });
  return bindings;
}

function readVolumes(value: unknown, dir: string, fail: Fail, describe: (value: unknown) => string): VolumeBinding[] {
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item, i) => {
      const field = `volumes[${i}]`;
      if (typeof item === "string") return fromShortForm(item, dir, (message) => fail(field, message));
      if (typeof item === "object" && item !== null) return fromLongForm(item, dir, (m) => fail(field, m), describe);
      return fail(field, `expected ${shortForm} or { source, target, readOnly }, got ${describe(item)}`);
    });
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).map(([source, spec]) => {
      const field = `volumes.${source}`;
      if (typeof spec !== "object" || spec === null || typeof (spec as { bind?: unknown }).bind !== "string") {
        return fail(field, 'expected { bind: "/container/path", mode?: "ro" | "rw" }, got ' + describe(spec));
      }
      const { bind: target, mode = "rw" } = spec as { bind: string; mode?: unknown };
      if (mode !== "ro" && mode !== "rw") fail(field, `mode must be "ro" or "rw", got ${describe(mode)}`);
      return mount(source, target, mode, dir, (message) => fail(field, message));
    });
  }
  return fail("volumes", `expected [${shortForm}] or { source: { bind, mode } }, got ${describe(value)}`);
}

function fromShortForm(text: string, dir: string, fail: (message: string) => never): VolumeBinding {
  const parts = text.split(":");
  if (parts.length === 1) return anonymous(text, fail);
  if (parts.length > 3) fail(`expected ${shortForm}, got "${text}"`);
  const [source = "", target = "", optionText = "rw"] = parts;
  const { mode, options } = parseMountOptions(optionText, isPath(source) ? "bind" : "volume", fail);
  return mount(source, target, mode, dir, fail, options);
}

function fromLongForm(
  item: object,
  dir: string,
  fail: (message: string) => never,
  describe: (value: unknown) => string,
): VolumeBinding {
  const { type, source, target, readOnly = false, bind, volume, ...rest } = item as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey) {
    fail(`unknown key "${unknownKey}"; the object form takes type, source, target, readOnly, bind and volume`);
  }
  if (typeof target !== "string") return fail(`target: expected a container path, got ${describe(target)}`);
  if (typeof readOnly !== "boolean") fail(`readOnly: expected true or false, got ${describe(readOnly)}`);
  if (type !== undefined && type !== "volume" && type !== "bind") {
    fail(`type: expected "volume" or "bind", got ${describe(type)}`);
  }
  if (source === undefined) {
    if (type === "bind") fail("a bind mount needs a source path");
    if (bind !== undefined || volume !== undefined)
      fail("bind and volume options need a source (a path or a volume name)");
    return anonymous(target, fail);
  }
  if (typeof source !== "string") return fail(`source: expected a path or a volume name, got ${describe(source)}`);
  const kind = isPath(source) ? "bind" : "volume";
  const { mode, options } = longFormOptions(readOnly, bind, volume, kind, fail, describe);
  const binding = mount(source, target, mode, dir, fail, options);
  if (type !== undefined && (type === "bind") !== (binding.type === "bind")) {
    fail(`type is "${type}" but "${source}" is ${binding.type === "bind" ? "a path" : "a volume name"}`);
  }
  return binding;
}

function mount(
  source: string,
  target: string,
  mode: Mode,
  dir: string,
  fail: (message: string) => never,
  options: string[] = [],
): VolumeBinding {
  if (source === "") fail("the source (host path or volume name) is empty");
  checkContainerPath(target, fail);
  // Only when there are some: a definition without options hashes as it always did (no needless recreate).
  const extra = options.length > 0 ? { options } : {};
  if (isPath(source)) return { type: "bind", host: hostPath(source, dir), container: target, mode, ...extra };
  if (!volumeName.test(source)) {
    fail(`"${source}" is neither a path (/x, ./x, ../x, ~/x) nor a volume name (letters, digits, _ . -)`);
  }
  return { type: "volume", name: source, container: target, mode, ...extra };
}

function anonymous(target: string, fail: (message: string) => never): VolumeBinding {
  checkContainerPath(target, fail);
  return { type: "anonymous", container: target };
}

function checkContainerPath(path: string, fail: (message: string) => never): void {
  if (!path.startsWith("/")) fail(`the container path "${path}" must be absolute`);
}

/** A volume name never holds a "/": `conf/nginx` is a folder beside the services file, as boss always read it. */
function isPath(source: string): boolean {
  return isAbsolute(source) || source.startsWith(".") || source.startsWith("~") || source.includes("/");
}

function hostPath(source: string, dir: string): string {
  if (source === "~" || source.startsWith("~/")) return resolve(homedir(), source.slice(2));
  return isAbsolute(source) ? source : resolve(dir, source);
}
