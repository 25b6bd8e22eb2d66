import { Context } from "../model/context.js";
import { contextFilePath, readContextFile, writeContextFile } from "../model/context-file.js";
import type { Project } from "./project.js";

/**
 * Loads `.boss-context` into the Context before a command and saves it after.
 * The values the services file set while it loaded (Context.set at top level)
 * win over saved ones.
 */
export async function loadContext(project: Project): Promise<void> {
  const saved = await readContextFile(contextFilePath(project.file.dir));
  Context.replace({ ...saved, ...Context.all() });
}

let pending: Promise<void> = Promise.resolve();

/**
 * Saves the Context. Saves run one after another and each writes the values
 * as they are when it runs, so the file only ever moves forward — also when
 * several postStart hooks finish at once.
 */
export function saveContext(project: Project): Promise<void> {
  const path = contextFilePath(project.file.dir);
  const save = pending.then(() => writeContextFile(path, Context.all()));
  pending = save.catch(() => undefined);
  return save;
}
