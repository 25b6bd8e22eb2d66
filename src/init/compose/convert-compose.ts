/**
 * A compose file → the Service classes of a boss.ts: every service a class, `depends_on` as dependencies with
 * what its conditions ask of the dependency (`service_healthy`: `ping = waitFor.healthy()`;
 * `service_completed_successfully`: `job = true`), the group named by compose's `name:` or the folder.
 */
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import { slug } from "../../model/services-file.js";
import { commentText, isPlain, text } from "./compose-values.js";
import { convertService, type ServiceOutput } from "./convert-service.js";
import type { ComposeDocument } from "./load-compose-file.js";
import type { FieldValue, GroupDraft, ServiceDraft } from "./service-draft.js";

/** Top-level keys boss reads: `services`, and `volumes` that only declare a name (boss makes those itself). */
const topLevelRead = new Set(["name", "services", "version"]);

export interface ConvertOptions {
  /** Variables for keys without a value (`environment: [KEY]`), as compose reads them. */
  lookup: (name: string) => string | undefined;
  /** The folder the services file is written to: relative host paths are rewritten for it. */
  outputDir: string;
}

export function convertCompose(document: ComposeDocument, file: string, options: ConvertOptions): GroupDraft {
  const { lookup, outputDir } = options;
  const notes: string[] = [];
  const kept: string[] = [];
  const group = slug(document.name ?? basename(dirname(file))) || "default";
  const names = serviceNames(Object.keys(document.services), notes);
  const classNames = new Set<string>();

  const drafts = new Map<string, ServiceDraft>();
  for (const [composeName, service] of Object.entries(document.services)) {
    const name = names.get(composeName) ?? composeName;
    const draft: ServiceDraft = {
      composeName,
      name,
      className: uniqueClassName(name, classNames),
      fields: [["name", name]],
      pingHealthy: false,
      kept: [],
    };
    const output: ServiceOutput = {
      set: (field, value) => setField(draft, field, value),
      keep: (key, value, why) => {
        draft.kept.push(commentText(key, value) + (why ? ` (${why})` : ""));
        notes.push(`services.${composeName}.${key}: no boss equivalent${why ? `, ${why}` : ""}; kept as a comment`);
      },
      lookup,
      hostPath: (path) => rebase(path, dirname(file), outputDir),
    };
    convertService(service, output);
    if (!draft.fields.some(([field]) => field === "image")) {
      // compose names a built image <project>-<service>; boss needs the name written down.
      draft.fields.splice(1, 0, ["image", `${group}-${name}`]);
    }
    drafts.set(composeName, draft);
  }

  shareBuilds([...drafts.values()]);
  for (const [composeName, service] of Object.entries(document.services)) {
    const draft = drafts.get(composeName);
    if (draft && service.depends_on !== undefined) dependOn(draft, service.depends_on, drafts, notes);
  }

  for (const [key, value] of Object.entries(document)) {
    if (topLevelRead.has(key)) continue;
    if (key === "volumes" && isPlain(value)) {
      keepVolumeOptions(value, kept, notes);
      continue;
    }
    kept.push(commentText(key, value));
    notes.push(`${key}: no boss equivalent; kept as a comment`);
  }
  return { group, services: [...drafts.values()], kept, notes };
}

/** `./web` beside the compose file, as seen from the services file's folder (unchanged when they are one). */
function rebase(path: string, composeDir: string, outputDir: string): string {
  if (isAbsolute(path) || path.startsWith("~") || resolve(composeDir) === resolve(outputDir)) return path;
  const moved = relative(outputDir, resolve(composeDir, path)) || ".";
  return moved.startsWith("..") || isAbsolute(moved) ? moved : `./${moved}`;
}

/** Sets a field, replacing an earlier value (compose's `mem_limit` and `deploy` may both give the memory). */
function setField(draft: ServiceDraft, field: string, value: FieldValue): void {
  const at = draft.fields.findIndex(([name]) => name === field);
  if (at >= 0) draft.fields[at] = [field, value];
  else draft.fields.push([field, value]);
}

const buildFields = ["buildFrom", "dockerfile", "buildArgs"];

/**
 * Services that run the image another one builds (compose builds before it starts anything) get the same build
 * fields: in boss a service may start before the one that builds, and would look for the image in a registry.
 */
function shareBuilds(drafts: ServiceDraft[]): void {
  const image = (draft: ServiceDraft) => draft.fields.find(([field]) => field === "image")?.[1];
  for (const builder of drafts.filter((d) => d.fields.some(([field]) => field === "buildFrom"))) {
    const fields = builder.fields.filter(([field]) => buildFields.includes(field));
    for (const user of drafts) {
      if (user === builder || image(user) !== image(builder)) continue;
      if (user.fields.some(([field]) => field === "buildFrom")) continue;
      for (const [field, value] of fields) setField(user, field, value);
    }
  }
}

/** Compose allows `_` and `.` in names; boss's are DNS labels. */
function serviceNames(composeNames: string[], notes: string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const composeName of composeNames) {
    let name =
      composeName
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 63) || "service";
    for (let n = 2; taken.has(name); n += 1) name = `${name.replace(/-\d+$/, "")}-${n}`;
    taken.add(name);
    names.set(composeName, name);
    if (name !== composeName) notes.push(`services.${composeName}: named "${name}" (boss's names are DNS labels)`);
  }
  return names;
}

/** `web-app` → `WebApp`; a class name that is no identifier or is taken gets a suffix. */
function uniqueClassName(name: string, taken: Set<string>): string {
  const base = name
    .split("-")
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
  let className = /^[A-Za-z_]/.test(base) ? base : `S${base}`;
  if (["Service", "Context", "Object", "Function"].includes(className)) className += "Service";
  for (let n = 2; taken.has(className); n += 1) className = `${className.replace(/\d+$/, "")}${n}`;
  taken.add(className);
  return className;
}

function dependOn(draft: ServiceDraft, dependsOn: unknown, drafts: Map<string, ServiceDraft>, notes: string[]): void {
  const entries: Array<[string, Record<string, unknown>]> = Array.isArray(dependsOn)
    ? dependsOn.map((name) => [text(name), {}])
    : Object.entries(dependsOn as Record<string, unknown>).map(([name, c]) => [name, isPlain(c) ? c : {}]);
  const dependencies: string[] = [];
  for (const [composeName, condition] of entries) {
    const dependency = drafts.get(composeName);
    if (!dependency) continue; // The schema does not check this; boss's own validation names it in the result.
    dependencies.push(dependency.name);
    // restart: true needs nothing: in boss, dependents follow their dependencies anyway.
    const { condition: when, required } = condition;
    if (when === "service_healthy") dependency.pingHealthy = true;
    if (when === "service_completed_successfully") setField(dependency, "job", true);
    if (required === false) {
      draft.kept.push(commentText(`depends_on.${composeName}.required`, false) + " (boss dependencies are required)");
      notes.push(`services.${draft.composeName}.depends_on.${composeName}.required: false has no boss equivalent`);
    }
  }
  setField(draft, "dependencies", dependencies);
}

/** Named volumes need no declaration in boss; options on one (driver, external, name) have no equivalent. */
function keepVolumeOptions(volumes: Record<string, unknown>, kept: string[], notes: string[]): void {
  for (const [name, options] of Object.entries(volumes)) {
    if (!isPlain(options) || Object.keys(options).length === 0) continue;
    kept.push(commentText(`volumes.${name}`, options));
    notes.push(
      `volumes.${name}: options have no boss equivalent (boss makes the volume <group>_${name}); kept as a comment`,
    );
  }
}
