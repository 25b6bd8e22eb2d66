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

export async function saveContext(project: Project): Promise<void> {
  await writeContextFile(contextFilePath(project.file.dir), Context.all());
}
