import { randomBytes, timingSafeEqual } from "node:crypto";

/** A new token for one run of `boss ui`: 128 random bits, URL-safe. */
export function newUiToken(): string {
  return randomBytes(16).toString("base64url");
}

/** Compares in constant time, so how long a wrong guess takes says nothing about the token. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
