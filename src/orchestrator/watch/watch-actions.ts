import { basename, dirname, join, posix } from "node:path";
import { existsSync, statSync } from "node:fs";
import { messageOf } from "../../errors.js";
import type { ServiceDefinition, WatchDefinition } from "../../model/definition.js";
import { stopGracefully } from "../container-stopper.js";
import type { WatchEvent } from "../events.js";
import { sessionOptions, withGroupSession } from "../group-session.js";
import type { Project } from "../project.js";
import { reloadService } from "../reload.js";
import { serviceContainer } from "../service-container.js";
import type { ChangeBatch, FileChange } from "./changed-files.js";

export interface WatchActionOptions {
  timeoutSeconds: number;
  waitSeconds?: number;
  signal?: AbortSignal;
}

type Outcome = Pick<WatchEvent, "outcome" | "detail">;

/**
 * Does what one batch of changes asks of a service. A rebuild covers the
 * rest (the new image has every file); otherwise the sync rules copy their
 * files in, then the container restarts if a rule asks for it. What fails is
 * said, and the running container is kept: the watch goes on.
 */
export async function applyChanges(
  project: Project,
  service: ServiceDefinition,
  batch: ChangeBatch,
  options: WatchActionOptions,
): Promise<Outcome> {
  const rules = [...batch.keys()];
  if (rules.some((rule) => rule.action === "rebuild")) return rebuild(project, service, options);
  const container = await serviceContainer(project, service.name);
  if (container?.status !== "running") {
    return { outcome: "failed", detail: "it is not running (boss start it); nothing was done" };
  }
  const syncs = rules.filter((rule) => rule.action === "sync" || rule.action === "sync+restart");
  try {
    for (const rule of syncs) await sync(project, container.id, rule, batch.get(rule) ?? new Map());
  } catch (error) {
    return { outcome: "failed", detail: `the copy into the container failed: ${messageOf(error)}` };
  }
  if (!rules.some((rule) => rule.action === "restart" || rule.action === "sync+restart")) return { outcome: "synced" };
  try {
    await withGroupSession(project, { command: "watch", mutates: true, ...sessionOptions(options) }, async () => {
      await stopGracefully(project, service.name, [container]);
      await project.client.startContainer(container.id);
    });
  } catch (error) {
    return { outcome: "failed", detail: `the restart failed: ${messageOf(error)}` };
  }
  return { outcome: syncs.length > 0 ? "synced and restarted" : "restarted" };
}

/** As `boss reload`: the build comes first, so a failed build stops nothing. */
async function rebuild(project: Project, service: ServiceDefinition, options: WatchActionOptions): Promise<Outcome> {
  try {
    const summary = await reloadService(project, service.name, options);
    if (summary.failed.length === 0) return { outcome: "rebuilt and replaced" };
    return { outcome: "failed", detail: summary.failed.map((f) => `${f.name}: ${f.message}`).join("; ") };
  } catch (error) {
    return { outcome: "failed", detail: `the rebuild failed, the running container is kept: ${messageOf(error)}` };
  }
}

/** Copies what changed under the rule's path to its target, and deletes there what was deleted here. */
async function sync(project: Project, id: string, rule: WatchDefinition, files: ReadonlyMap<string, FileChange>) {
  const target = rule.target ?? "/";
  const copy: string[] = [];
  const remove: string[] = [];
  // The path "" is the rule's own path: a rule on one file.
  for (const [path, change] of files) {
    const local = join(rule.path, path);
    if (change === "changed" && isFile(local)) copy.push(path);
    else if (!existsSync(local)) remove.push(posix.join(target, path));
  }
  if (copy.length > 0) {
    // A rule on one file copies it to its target (of the same name); a rule on a folder, its files under the target.
    const spec =
      copy[0] === ""
        ? { sourceDir: dirname(rule.path), entries: [basename(rule.path)], targetDir: posix.dirname(target) }
        : { sourceDir: rule.path, entries: copy, targetDir: target };
    await project.client.copyIntoContainer(id, spec);
  }
  if (remove.length > 0) {
    const { exitCode, output } = await project.client.runInContainer(id, ["rm", "-rf", "--", ...remove]);
    if (exitCode !== 0) throw new Error(`rm exited with ${exitCode}: ${output.trim()}`);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
