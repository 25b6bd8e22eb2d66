/**
 * `boss init`: a services file (a starter, or one converted from a compose file) and the tsconfig.json an
 * editor needs beside it. Nothing the user wrote is overwritten: an existing services file stops it before
 * anything is written, and a tsconfig.json not written by boss is kept.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { UserError } from "../errors.js";
import { slug } from "../model/services-file.js";
import { runningBossLocation, type BossLocation } from "./boss-location.js";
import { editorConfig, editorConfigMarker } from "./editor-config.js";
import { starterServicesFile } from "./starter-services-file.js";

export interface InitOptions {
  /** The services file to write (absolute). */
  servicesFile: string;
  /** Its text; default: the starter. Made before anything is written, so a bad compose file writes nothing. */
  content?: string;
  /** Only the editor's tsconfig.json (for an existing services file). */
  editorOnly?: boolean;
  /** Default: the running boss. */
  boss?: BossLocation;
}

export interface InitResult {
  written: string[];
  /** boss's own tsconfig.json, rewritten for this boss. */
  updated: string[];
  /** The user's tsconfig.json, left as it is. */
  kept: string[];
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const { servicesFile, editorOnly = false } = options;
  const dir = dirname(servicesFile);
  const result: InitResult = { written: [], updated: [], kept: [] };
  await mkdir(dir, { recursive: true });
  if (!editorOnly) {
    if (existsSync(servicesFile)) {
      throw new UserError(
        `${basename(servicesFile)} already exists: boss init never overwrites it (--editor writes only the tsconfig.json)`,
        {
          file: servicesFile,
        },
      );
    }
    const content = options.content ?? starterServicesFile(slug(basename(dir)) || "default");
    await writeFile(servicesFile, content, { flag: "wx" });
    result.written.push(relative(dir, servicesFile));
  }
  const tsconfig = join(dir, "tsconfig.json");
  const text = editorConfig(options.boss ?? runningBossLocation());
  if (!existsSync(tsconfig)) {
    await writeFile(tsconfig, text, { flag: "wx" });
    result.written.push("tsconfig.json");
  } else if (readFileSync(tsconfig, "utf8").startsWith(editorConfigMarker)) {
    await writeFile(tsconfig, text);
    result.updated.push("tsconfig.json");
  } else {
    result.kept.push("tsconfig.json");
  }
  return result;
}
