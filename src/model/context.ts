import { UserError } from "../errors.js";
import { isJsonValue, type JsonValue } from "./json.js";
import { currentGroupState } from "./group-state.js";

/**
 * The values that services make while starting (an id, a token) and that other
 * services read through `{key}` in their env. Kept in `.boss-context` beside the
 * services file between commands. Each group has its own: code in a services
 * file (top level, hooks) reads and writes its group's.
 *
 * @example
 * async postStart() { Context.set("owner_id", await createOwner()); }
 * // another service: env = { OWNER: "{owner_id}" }
 */
export const Context = {
  /** Store a JSON value under `key`; it is saved to `.boss-context` when the command ends. */
  set(key: string, value: JsonValue): void {
    if (typeof key !== "string" || key === "") throw new UserError("Context.set: the key must be a non-empty string");
    if (!isJsonValue(value)) {
      throw new UserError(
        `Context.set("${key}"): the value must be JSON (string, number, boolean, null, array, object)`,
      );
    }
    currentGroupState().context.set(key, value);
  },

  /** The value stored under `key`, or undefined. */
  get<T extends JsonValue = JsonValue>(key: string): T | undefined {
    return currentGroupState().context.get(key) as T | undefined;
  },

  has(key: string): boolean {
    return currentGroupState().context.has(key);
  },

  delete(key: string): boolean {
    return currentGroupState().context.delete(key);
  },

  /** Every key and value, as a plain object. */
  all(): Record<string, JsonValue> {
    return Object.fromEntries(currentGroupState().context);
  },

  keys(): string[] {
    return [...currentGroupState().context.keys()];
  },

  /** Replace everything (used when `.boss-context` is loaded). */
  replace(values: Record<string, JsonValue>): void {
    const map = currentGroupState().context;
    map.clear();
    for (const [k, v] of Object.entries(values)) map.set(k, v);
  },
};
