import type { ContainerSummary } from "../engine/container-client.js";
import { Label } from "../engine/labels.js";
import type { GroupSession } from "./group-session.js";
import { defaultNetworkName } from "./project.js";

/**
 * The network a command puts the group's containers on: the one asked for
 * (`--network-name`), else the one the group's containers are on now, else
 * the one boss last started it on, else `boss-<group>`. So `reload` (or a
 * `start` without the flag) keeps a group started with `--network-name` on
 * its network. Made when missing; recorded for the next command. `containers`: the group's, when the
 * caller has just listed them.
 */
export async function groupNetwork(
  session: GroupSession,
  requested?: string,
  containers?: readonly ContainerSummary[],
): Promise<{ name: string; id: string }> {
  const { client, file } = session.project;
  const name =
    requested ??
    currentNetwork(containers ?? (await client.listContainers({ group: file.group }))) ??
    session.records.network ??
    defaultNetworkName(file.group);
  const id = await client.ensureNetwork(name, { [Label.group]: file.group });
  // Recorded only when it is not the default, so a plain group's file holds only what its hooks made.
  if (name === defaultNetworkName(file.group)) delete session.records.network;
  else session.records.network = name;
  return { name, id };
}

/** The network most of the group's containers are on, running ones first. */
function currentNetwork(containers: readonly ContainerSummary[]): string | undefined {
  const running = containers.filter((c) => c.status === "running");
  const counts = new Map<string, number>();
  for (const c of running.length > 0 ? running : containers) {
    for (const n of c.networks) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
