import { profileName } from "./profiles.js";

/** `profiles`: compose's profile names, at most once each. */
export function validateProfiles(value: unknown, fail: (field: string, message: string) => never): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail("profiles", 'expected an array of profile names such as ["debug"]');
  return [
    ...new Set(
      value.map((item, i): string =>
        typeof item === "string" && profileName.test(item)
          ? item
          : fail(`profiles[${i}]`, `expected a profile name (letters, digits, '_', '.', '-'), got ${String(item)}`),
      ),
    ),
  ];
}
