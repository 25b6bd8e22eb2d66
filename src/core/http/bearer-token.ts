// The CCC_TOKEN check: `Authorization: Bearer <token>`, compared in constant time.
import { timingSafeEqual } from "node:crypto";

export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "")?.[1] ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
