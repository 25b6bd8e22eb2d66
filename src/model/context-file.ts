import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { isJsonValue, type JsonValue } from "./json.js";

export const contextFileName = ".boss-context";

export function contextFilePath(dir: string): string {
  return join(dir, contextFileName);
}

/** Reads `.boss-context`; a missing file is an empty context, a corrupt one an error that names it. */
export async function readContextFile(path: string): Promise<Record<string, JsonValue>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `is not valid JSON (${(error as Error).message}); fix or delete it — boss will not overwrite it`,
      {
        file: path,
      },
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !isJsonValue(parsed)) {
    throw new UserError("must hold a JSON object of key: value; fix or delete it — boss will not overwrite it", {
      file: path,
    });
  }
  return parsed as Record<string, JsonValue>;
}

/**
 * Writes the context atomically: a temp file beside it, then rename, so a
 * reader never sees half a file. Mode 0600: it may hold tokens.
 *
 * Synchronous: a start saves on every service that gets ready, before its
 * dependents may start. The four system calls take a fraction of a
 * millisecond; as promises, each waited its turn in libuv's thread pool, a
 * millisecond or two per save on the critical path of every layer of a chain.
 */
export function writeContextFile(path: string, values: Record<string, JsonValue>): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(values, null, 2) + "\n", { mode: 0o600 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export async function removeContextFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
