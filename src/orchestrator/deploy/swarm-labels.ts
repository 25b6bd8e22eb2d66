/**
 * Labels of what `boss deploy` makes. The Swarm service carries boss.group
 * and boss.service (found by them) with the hash of its definition; the
 * overlay network and the task containers carry `boss.swarm-group` instead
 * of boss.group, so that `boss start`, `stop` and `status`, which find
 * containers and networks by boss.group, never take a task for theirs.
 */
export const SwarmLabel = {
  /** On the overlay network and every task container. */
  group: "boss.swarm-group",
  /** On each task container: the definition hash of the service spec it was made from. */
  configHash: "boss.swarm-config-hash",
  /** On the service: the hash whose tasks answered and whose postStart ran (postStart runs once per definition). */
  readyHash: "boss.swarm-ready",
} as const;
