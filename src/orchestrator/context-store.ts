import { contextFilePath, readContextFile, writeContextFile } from "../model/context-file.js";
import type { JsonValue } from "../model/json.js";
import type { Project } from "./project.js";
import { isTimeline, type Timeline } from "./timeline/timeline.js";

/**
 * What boss itself keeps of a group between commands, in `.boss-context`
 * beside the Context's values, under keys of its own.
 */
export interface GroupRecords {
  /**
   * Per service, the container whose readiness and postStart completed. A
   * container without this record (boss was killed before it got that far)
   * is pinged and its postStart run before its dependents start.
   */
  ready: Map<string, string>;
  /** The network the group runs on, when boss started it on one. */
  network?: string;
  /**
   * Per service, the image of the last step of a build in progress. A build
   * cut short (boss killed) leaves that image untagged; the next build of the
   * service removes it.
   */
  building: Map<string, string>;
  /**
   * Services a `stop` (or `reload`) began to stop. The engine goes on stopping
   * a container after a killed boss: one found running with this mark is
   * stopped for good, then started again, not kept as if all were well.
   */
  stopping: Set<string>;
  /**
   * Running dependents that must be restarted because a dependency moved
   * (dependents-follow.ts), with why; written before the dependency moves and
   * cleared when the dependent has started again, so a boss killed in between
   * leaves the next start to restart them.
   */
  following: Map<string, string>;
  /** The last start's (reload's, restart's) phases: for its critical path and `boss timeline`. */
  timeline?: Timeline;
}

const readyKey = "boss.ready";
const networkKey = "boss.network";
const buildingKey = "boss.building";
const stoppingKey = "boss.stopping";
const followingKey = "boss.following";
const timelineKey = "boss.timeline";

/**
 * Loads `.boss-context`: its values into the Context, boss's records returned.
 * A value is taken from the file unless this process set it since it last read
 * or wrote the file (a hook, a script's Context.set), or the services file set
 * it while it loaded (Context.set at top level): those win. So a process that
 * lives on (`boss watch`, `boss ui`) takes what other bosses saved meanwhile —
 * changed or removed — and never writes an older value back over it.
 */
export async function loadGroupRecords(project: Project): Promise<GroupRecords> {
  const {
    [readyKey]: ready,
    [networkKey]: network,
    [buildingKey]: building,
    [stoppingKey]: stopping,
    [followingKey]: following,
    [timelineKey]: timeline,
    ...values
  } = await readContextFile(contextFilePath(project.file.dir));
  const { state } = project;
  const fromServicesFile = (state.servicesFileValues ??= new Map(state.context));
  const seen = state.lastSeenValues ?? new Map<string, JsonValue>();
  for (const key of new Set([...Object.keys(values), ...seen.keys()])) {
    if (fromServicesFile.has(key) || !sameValue(state.context.get(key), seen.get(key))) continue;
    const saved = values[key];
    if (saved === undefined) state.context.delete(key);
    else state.context.set(key, saved);
  }
  state.lastSeenValues = new Map(Object.entries(values));
  return {
    ready: stringMap(ready),
    building: stringMap(building),
    stopping: new Set(Array.isArray(stopping) ? stopping.filter((s) => typeof s === "string") : []),
    following: stringMap(following),
    ...(typeof network === "string" ? { network } : {}),
    ...(isTimeline(timeline) ? { timeline } : {}),
  };
}

/** Loads the Context's saved values (read-only commands: they neither change nor keep records). */
export async function loadContext(project: Project): Promise<void> {
  await loadGroupRecords(project);
}

const pending = new Map<string, Promise<void>>();
/** A save asked for but not begun yet, by file: a save asked for meanwhile is that one. */
const notBegun = new Map<string, { records: GroupRecords; save: Promise<void> }>();

/**
 * Saves the Context and the records. Saves of one file run one after another
 * and each writes the values as they are when it runs, so the file only ever
 * moves forward — also when several postStart hooks finish at once. Saves
 * asked for before the last one asked has begun are that one: it writes what
 * they changed too (a layer of twenty services marked as being stopped is one
 * write, not twenty before the last one's stop call).
 */
export function saveGroupRecords(project: Project, records: GroupRecords): Promise<void> {
  const path = contextFilePath(project.file.dir);
  const waiting = notBegun.get(path);
  if (waiting?.records === records) return waiting.save;
  const save = (pending.get(path) ?? Promise.resolve()).then(() => {
    if (notBegun.get(path)?.save === save) notBegun.delete(path);
    const values = new Map(project.state.context);
    writeContextFile(path, {
      ...Object.fromEntries(values),
      ...(records.ready.size > 0 ? { [readyKey]: Object.fromEntries(records.ready) } : {}),
      ...(records.network ? { [networkKey]: records.network } : {}),
      ...(records.building.size > 0 ? { [buildingKey]: Object.fromEntries(records.building) } : {}),
      ...(records.stopping.size > 0 ? { [stoppingKey]: [...records.stopping] } : {}),
      ...(records.following.size > 0 ? { [followingKey]: Object.fromEntries(records.following) } : {}),
      // Plain data (strings, numbers, arrays): JSON as it is.
      ...(records.timeline ? { [timelineKey]: records.timeline as unknown as JsonValue } : {}),
    });
    project.state.lastSeenValues = values;
  });
  notBegun.set(path, { records, save });
  pending.set(
    path,
    save.catch(() => undefined),
  );
  return save;
}

function stringMap(value: JsonValue | undefined): Map<string, string> {
  const entries = typeof value === "object" && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
  return new Map(entries.filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Context values are JSON: equal when they serialise alike (both unset included). */
function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
