import { inactiveServices } from "../model/profiles.js";
import type { Project } from "./project.js";

/**
 * The services `start` leaves out because none of their profiles is active (an error when a service that starts
 * needs one), said in one notice so that a missing `--profile` is seen.
 */
export function servicesOutOfProfile(
  project: Project,
  profiles: readonly string[],
  excluded: ReadonlySet<string>,
  named: ReadonlySet<string> = new Set(),
): Set<string> {
  const { services, file } = project.file;
  const inactive = inactiveServices(services, new Set(profiles), excluded, file, named);
  if (inactive.size > 0) {
    const named = services
      .filter((s) => inactive.has(s.name))
      .map((s) => `${s.name} (profile ${s.profiles.join(", ")})`);
    project.emit({ type: "notice", message: `not started, their profiles are not active: ${named.join("; ")}` });
  }
  return inactive;
}
