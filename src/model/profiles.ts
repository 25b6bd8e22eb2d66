/** Compose's profiles: a service in no profile always starts; one with profiles only when one of them is active. */
import { UserError } from "../errors.js";
import type { ServiceDefinition } from "./definition.js";

/** Compose's rule for a profile name. */
export const profileName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Active profiles from `--profile a --profile b,c`, else (like COMPOSE_PROFILES) from `BOSS_PROFILES=a,b`:
 * the flags, when given, replace the variable.
 */
export function activeProfiles(flags: readonly string[], envValue: string | undefined): Set<string> {
  const names = (flags.length > 0 ? flags : [envValue ?? ""])
    .flatMap((value) => value.split(","))
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (name !== "*" && !profileName.test(name)) {
      throw new UserError(`"${name}" is not a profile name: letters, digits, '_', '.' and '-'`, {
        field: "--profile",
      });
    }
  }
  return new Set(names);
}

/** Whether the service starts under these profiles (`*` activates every profile, as in compose). */
export function isActive(service: Pick<ServiceDefinition, "profiles">, active: ReadonlySet<string>): boolean {
  return service.profiles.length === 0 || active.has("*") || service.profiles.some((p) => active.has(p));
}

/**
 * The services left out by the active profiles. A service that starts may not depend on one of them: that is
 * an error naming both, and the profile that would bring the dependency in. `named` services (given on the
 * command line) start whatever their profiles, as compose's `up NAME` does.
 */
export function inactiveServices(
  services: readonly ServiceDefinition[],
  active: ReadonlySet<string>,
  excluded: ReadonlySet<string> = new Set(),
  file?: string,
  named: ReadonlySet<string> = new Set(),
): Set<string> {
  const inactive = new Set(services.filter((s) => !named.has(s.name) && !isActive(s, active)).map((s) => s.name));
  for (const service of services) {
    if (inactive.has(service.name) || excluded.has(service.name)) continue;
    const dependency = service.dependencies.find((d) => inactive.has(d));
    if (dependency === undefined) continue;
    const profiles = services.find((s) => s.name === dependency)?.profiles ?? [];
    throw new UserError(
      `"${service.name}" depends on "${dependency}", which is only in profile ${profiles.map((p) => `"${p}"`).join(", ")}` +
        `; activate it (--profile ${profiles[0] ?? ""}) or give "${dependency}" no profile`,
      { ...(file ? { file } : {}), service: service.className, field: "dependencies" },
    );
  }
  return inactive;
}
