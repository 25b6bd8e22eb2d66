/**
 * Dependents follow their dependencies (compose's `depends_on: restart: true`):
 * a running dependent holds connections to its dependency's old container or
 * process, so when the dependency gets a new container or is restarted, the
 * dependent is restarted after it is ready, to reconnect. One that gets a new
 * container itself needs nothing more.
 *
 * @param moved what happened to each service that moved in this command ("was recreated").
 * @returns why `dependencies`' dependent must be restarted (`appdb was recreated`), or undefined.
 */
export function followReason(dependencies: readonly string[], moved: ReadonlyMap<string, string>): string | undefined {
  const reasons = dependencies.flatMap((d) => {
    const what = moved.get(d);
    return what ? [`${d} ${what}`] : [];
  });
  return reasons.length > 0 ? reasons.join(", ") : undefined;
}
