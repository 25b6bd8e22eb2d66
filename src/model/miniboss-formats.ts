/**
 * miniboss filled env values with Python's `str.format`, so its users write `{port:d}`, `{name!r}` and
 * positional `{}`. boss's placeholders are bare `{key}`, and anything else is left as written: without this
 * check those would reach the container literally. They are refused at load time, with the fix.
 */
import type { JsonValue } from "./json.js";
import type { ServiceDefinition } from "./definition.js";

// `{{`/`}}` are escapes; otherwise a brace pair with an optional field name, `!conversion` and `:spec`.
// Not after `$`: `${VAR:-x}` in a cmd is the shell's.
const field = /\{\{|\}\}|(?<!\$)\{([A-Za-z_][\w.-]*|\d+)?(![rsa])?(?::([^{}]*))?\}/g;
// Python's format-spec mini-language: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
const formatSpec = /^(?:.?[<>=^])?[+\- ]?z?#?0?\d*[,_]?(?:\.\d+)?[bcdeEfFgGnosxX%]?$/;

type Fail = (field: string, message: string) => never;

/**
 * Finds the first miniboss-style field in `text`. `positional` says whether `{}` and `{0}` count: in env
 * values and the control payload they do (miniboss formatted those); in a cmd they are literal arguments
 * (`find . -exec rm {} +`), as they were under miniboss.
 */
export function minibossField(text: string, positional: boolean): { found: string; fix: string } | undefined {
  for (const match of text.matchAll(field)) {
    const [found, name, conversion, spec] = match;
    if (found === "{{" || found === "}}") continue;
    const isNamed = name !== undefined && !/^\d+$/.test(name);
    if (isNamed) {
      const hasSpec = spec !== undefined && spec !== "" && formatSpec.test(spec);
      if (conversion || hasSpec) {
        return {
          found,
          fix: `boss's placeholders take no format spec or conversion: write {${name}} (format the value before Context.set())`,
        };
      }
      continue;
    }
    if (!positional) continue;
    if (spec !== undefined && spec !== "" && !formatSpec.test(spec)) continue;
    return {
      found,
      fix: "boss has no positional placeholders: name a Context key, {key}, or write {{}} for literal braces",
    };
  }
  return undefined;
}

/** Refuses miniboss format fields in env, entrypoint, cmd and the control payload, naming the field. */
export function checkMinibossFormats(definition: ServiceDefinition, fail: Fail): void {
  const check = (text: string, where: string, positional: boolean): void => {
    const hit = minibossField(text, positional);
    if (hit) fail(where, `"${hit.found}" in "${text}" is a Python format field (miniboss): ${hit.fix}`);
  };
  for (const [key, value] of Object.entries(definition.env)) check(value, `env.${key}`, true);
  definition.entrypoint?.forEach((arg, i) => check(arg, `entrypoint[${i}]`, false));
  definition.cmd?.forEach((arg, i) => check(arg, `cmd[${i}]`, false));
  if (definition.control)
    walkJson(definition.control.payload, "control.payload", (text, where) => check(text, where, true));
}

function walkJson(value: JsonValue, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => walkJson(item, `${path}[${i}]`, visit));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) walkJson(item, `${path}.${key}`, visit);
  }
}
