// The CCC_TOKEN check: `Authorization: Bearer <token>`, compared in constant time.
// Not with node:crypto's timingSafeEqual: loading node:crypto initialises
// OpenSSL, about 0.6 MB of the core's idle memory for this one comparison.

/** True when `a` and `b` (of equal length) hold the same bytes; the time taken does not depend on where they differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "")?.[1] ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && sameBytes(a, b);
}
