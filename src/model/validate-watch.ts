/**
 * A service's `watch` rules, as compose's `develop.watch` has them: a path
 * relative to the services file, an action, a container path for the actions
 * that copy files, and ignore patterns.
 */
import { existsSync, statSync } from "node:fs";
import { basename, posix, resolve } from "node:path";
import type { WatchDefinition } from "./definition.js";
import type { WatchAction } from "./service.js";

type Fail = (field: string, message: string) => never;

const actions: readonly WatchAction[] = ["sync", "rebuild", "sync+restart", "restart"];
const knownKeys = new Set(["path", "action", "target", "ignore"]);

export function validateWatch(
  value: unknown,
  dir: string,
  buildable: boolean,
  fail: Fail,
  describe: (value: unknown) => string,
): WatchDefinition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    return fail("watch", "expected an array of { path, action, target?, ignore? }, got " + describe(value));
  }
  return (value as unknown[]).map((item, i) =>
    validateRule(item, dir, buildable, (field, message) => fail(`watch[${i}]${field}`, message), describe),
  );
}

function validateRule(
  item: unknown,
  dir: string,
  buildable: boolean,
  fail: (field: string, message: string) => never,
  describe: (value: unknown) => string,
): WatchDefinition {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    return fail("", "expected { path, action, target?, ignore? }, got " + describe(item));
  }
  const rule = item as Record<string, unknown>;
  const unknown = Object.keys(rule).find((key) => !knownKeys.has(key));
  if (unknown) fail(`.${unknown}`, "unknown key; a watch rule takes path, action, target and ignore");
  if (typeof rule.path !== "string" || rule.path === "") {
    return fail(".path", "expected a file or folder relative to the services file, got " + describe(rule.path));
  }
  const path = resolve(dir, rule.path);
  if (!existsSync(path)) fail(".path", `${path} does not exist`);
  if (!actions.includes(rule.action as WatchAction)) {
    return fail(".action", `expected one of ${actions.map((a) => `"${a}"`).join(", ")}, got ${describe(rule.action)}`);
  }
  const action = rule.action as WatchAction;
  if (action === "rebuild" && !buildable) fail(".action", '"rebuild" needs the service to have buildFrom');
  const definition: WatchDefinition = { path, action, ignore: validateIgnore(rule.ignore, fail, describe) };
  if (action === "sync" || action === "sync+restart") {
    if (typeof rule.target !== "string" || !posix.isAbsolute(rule.target)) {
      fail(
        ".target",
        `"${action}" copies files into the container: expected an absolute container path, got ${describe(rule.target)}`,
      );
    }
    definition.target = rule.target;
    if (isFile(path) && posix.basename(definition.target) !== basename(path)) {
      fail(".target", `${rule.path} is a file: the target is its path in the container, ending in ${basename(path)}`);
    }
  } else if (rule.target !== undefined) {
    fail(".target", `"${action}" copies nothing into the container; target is for "sync" and "sync+restart"`);
  }
  return definition;
}

function validateIgnore(
  value: unknown,
  fail: (field: string, message: string) => never,
  describe: (value: unknown) => string,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(".ignore", "expected an array of patterns, got " + describe(value));
  return (value as unknown[]).map((pattern, i) =>
    typeof pattern === "string" && pattern !== ""
      ? pattern
      : fail(`.ignore[${i}]`, "expected a pattern, got " + describe(pattern)),
  );
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
