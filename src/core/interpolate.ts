// `{key}` placeholders in a command, filled from the start payload. Each argv
// element stays one element whatever the value holds (no shell, no splitting).
// Only `{identifier}` is a placeholder, so braces in inline code stay as they
// are; `{{key}}` writes a literal `{key}`.
import type { Payload } from "./adapter.js";
import { BadRequestError } from "./errors.js";

const PLACEHOLDER = /\{\{([A-Za-z_][\w.-]*)\}\}|\{([A-Za-z_][\w.-]*)\}/g;

export function interpolateArg(template: string, payload: Payload): string {
  return template.replace(PLACEHOLDER, (_match, literal: string | undefined, key: string | undefined) => {
    if (literal !== undefined) return `{${literal}}`;
    const name = key ?? "";
    if (!Object.hasOwn(payload, name)) {
      throw new BadRequestError(`payload key "${name}" is missing (the command uses {${name}})`);
    }
    const value = payload[name];
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw new BadRequestError(`payload key "${name}" must be a string, number or boolean to fill {${name}}`);
  });
}

export function interpolateCommand(command: readonly string[], payload: Payload): string[] {
  return command.map((arg) => interpolateArg(arg, payload));
}
