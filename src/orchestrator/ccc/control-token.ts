import { randomBytes } from "node:crypto";
import type { JsonValue } from "../../model/json.js";

/**
 * The group's token for its Container Control Cores: made once, kept in
 * `.boss-context` (mode 0600) and given to controlled containers as
 * CCC_TOKEN, so only someone who can read that file can drive them.
 */
export const controlTokenKey = "boss.ccc-token";

/** The group's token, made now when its Context has none. */
export function ensureControlToken(context: Map<string, JsonValue>): string {
  const existing = context.get(controlTokenKey);
  if (typeof existing === "string" && existing.length >= 32) return existing;
  const token = randomBytes(24).toString("base64url");
  context.set(controlTokenKey, token);
  return token;
}

export function controlToken(context: ReadonlyMap<string, JsonValue>): string | undefined {
  const token = context.get(controlTokenKey);
  return typeof token === "string" ? token : undefined;
}
