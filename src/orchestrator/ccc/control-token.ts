import { randomBytes } from "node:crypto";
import { Context } from "../../model/context.js";

/**
 * The group's token for its Container Control Cores: made once, kept in
 * `.boss-context` (mode 0600) and given to controlled containers as
 * CCC_TOKEN, so only someone who can read that file can drive them.
 */
export const controlTokenKey = "boss.ccc-token";

export function ensureControlToken(): string {
  const existing = Context.get(controlTokenKey);
  if (typeof existing === "string" && existing.length >= 32) return existing;
  const token = randomBytes(24).toString("base64url");
  Context.set(controlTokenKey, token);
  return token;
}

export function controlToken(): string | undefined {
  const token = Context.get(controlTokenKey);
  return typeof token === "string" ? token : undefined;
}
