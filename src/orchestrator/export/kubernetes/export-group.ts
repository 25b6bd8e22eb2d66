import type { ServicesFile } from "../../../model/definition.js";
import { contextFilePath, readContextFile } from "../../../model/context-file.js";
import type { GroupState } from "../../../model/group-state.js";
import type { ServiceGraph } from "../../../model/graph.js";
import type { JsonValue } from "../../../model/json.js";
import { inactiveServices } from "../../../model/profiles.js";
import type { KubernetesExportOptions } from "./export-options.js";
import { kubernetesManifests, type KubernetesExport } from "./kubernetes-manifests.js";

/** What `boss export kubernetes` reads: the loaded services file, no engine. */
export interface ExportSource {
  file: ServicesFile;
  graph: ServiceGraph;
  state: GroupState;
}

/**
 * The group's manifests: the services the active profiles select, in start order, with the Context as the
 * services file set it while loading and as `.boss-context` saved it (the file's own values win, as in `start`).
 * boss's own records in `.boss-context` (keys `boss.*`: readiness, the core's token, ...) are not Context values.
 */
export async function exportKubernetes(
  source: ExportSource,
  profiles: ReadonlySet<string>,
  options: KubernetesExportOptions,
): Promise<KubernetesExport> {
  const { file, graph, state } = source;
  const saved = await readContextFile(contextFilePath(file.dir));
  const context = new Map<string, JsonValue>(Object.entries(saved).filter(([key]) => !key.startsWith("boss.")));
  for (const [key, value] of state.context) if (!key.startsWith("boss.")) context.set(key, value);
  const inactive = inactiveServices(file.services, profiles, new Set(), file.file);
  const services = graph
    .startOrder()
    .filter((name) => !inactive.has(name))
    .map((name) => graph.get(name));
  const manifests = kubernetesManifests(file, services, context, options);
  for (const service of file.services.filter((s) => inactive.has(s.name))) {
    const message = `not exported: none of its profiles (${service.profiles.join(", ")}) is active (--profile)`;
    manifests.notes.unshift({ service: service.name, field: "profiles", message });
  }
  return manifests;
}
