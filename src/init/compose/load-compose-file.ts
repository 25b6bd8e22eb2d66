/**
 * Reads a compose file as `docker compose` does before using it: YAML (with merge keys, which compose files use
 * with `x-` anchors), variables substituted from the environment and the `.env` beside the file (the
 * environment wins), then checked against compose's schema. Every problem is a UserError naming the file.
 */
import { parse as parseDotenv } from "dotenv";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { UserError } from "../../errors.js";
import { interpolateValue, MissingVariableError } from "./interpolate-compose.js";
import { composeSchemaProblem } from "./validate-compose.js";

/** The names compose looks for, in its order. */
export const composeFileNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/** A compose file as parsed and substituted; its shape is checked by the schema, the rest by the converter. */
export interface ComposeDocument {
  name?: string;
  services: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface LoadedCompose {
  file: string;
  document: ComposeDocument;
  /** The variables the file was substituted with: the environment, then the .env beside it. */
  lookup: (name: string) => string | undefined;
}

/** `given` as named, or the first of compose's default names in `cwd`. */
export function findComposeFile(cwd: string, given: string | undefined): string {
  if (given) {
    const file = resolve(cwd, given);
    if (!existsSync(file)) throw new UserError(`compose file not found: ${file}`);
    return file;
  }
  const found = composeFileNames.map((name) => join(cwd, name)).find((file) => existsSync(file));
  if (!found) throw new UserError(`no compose file here: looked for ${composeFileNames.join(", ")} in ${cwd}`);
  return found;
}

export function loadComposeFile(file: string, env: NodeJS.ProcessEnv): LoadedCompose {
  const text = readFileSync(file, "utf8");
  let raw: unknown;
  try {
    raw = parseYaml(text, { merge: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}: ` : "";
      throw new UserError(`${where}${error.message.split("\n")[0]}`, { file }, { cause: error });
    }
    throw error;
  }
  const dotenv = readDotenv(join(dirname(file), ".env"));
  const lookup = (name: string): string | undefined => env[name] ?? dotenv[name];
  let document: unknown;
  try {
    document = interpolateValue(raw, lookup);
  } catch (error) {
    if (error instanceof MissingVariableError) throw new UserError(error.message, { file }, { cause: error });
    throw error;
  }
  const problem = composeSchemaProblem(document);
  if (problem) throw new UserError(`not a valid compose file: ${problem}`, { file });
  const parsed = document as ComposeDocument;
  if (!parsed.services || Object.keys(parsed.services).length === 0) {
    throw new UserError("the compose file defines no services", { file, field: "services" });
  }
  return { file, document: parsed, lookup };
}

function readDotenv(file: string): Record<string, string> {
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}
