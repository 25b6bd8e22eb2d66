/**
 * Checks a compose file against compose's own JSON schema (compose-spec.json, vendored: see
 * compose-spec.NOTICE.md), so what boss converts is what `docker compose` would accept. Ajv: the most used
 * JSON-schema validator for Node, kept up to date, and it reads the schema's draft-07 as written.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import schema from "./compose-spec.json" with { type: "json" };
import { formatPath } from "./interpolate-compose.js";

let validate: ValidateFunction | undefined;

/** The first problem as "path: what is wrong", or undefined when the file is valid compose. */
export function composeSchemaProblem(document: unknown): string | undefined {
  // The schema names its meta-schema by an address Ajv does not bundle: checking the schema itself is skipped.
  validate ??= new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(schema);
  if (validate(document)) return undefined;
  return describe(validate.errors ?? []);
}

/**
 * One line from Ajv's errors: the deepest place (the most precise), and of the errors there the ones that name
 * a key or a choice; a oneOf's alternatives are joined with "or".
 */
function describe(errors: readonly ErrorObject[]): string {
  const deepest = Math.max(...errors.map((e) => e.instancePath.split("/").length));
  const here = errors.filter((e) => e.instancePath.split("/").length === deepest);
  const precise = here.filter((e) => ["additionalProperties", "required", "enum", "const"].includes(e.keyword));
  const chosen = precise.length > 0 ? precise : here.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf");
  const first = chosen[0] ?? here[0] ?? errors[0];
  const path = formatPath((first?.instancePath ?? "").split("/").slice(1).map(unescapePointer));
  const messages = [...new Set((chosen.length > 0 ? chosen : here).map(message))];
  return `${path}: ${messages.join(" or ")}`;
}

function message(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") return `unknown key "${String(params.additionalProperty)}"`;
  if (error.keyword === "required") return `missing key "${String(params.missingProperty)}"`;
  if (error.keyword === "enum") return `must be one of ${JSON.stringify(params.allowedValues)}`;
  return error.message ?? error.keyword;
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, "/").replace(/~0/g, "~");
}
