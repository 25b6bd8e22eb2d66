/**
 * Whether boss is importing a services file right now. A `cli()` at the end of
 * the file must then do nothing: the file is being loaded (by `boss`, or by
 * `loadGroup()`), not run as a script. A count on a global symbol, so loads
 * may overlap and another copy of boss in the file's node_modules sees it too.
 */
const key = Symbol.for("boss.loading-services-file");
const slot = globalThis as unknown as Record<symbol, number | undefined>;

export function isLoadingServicesFile(): boolean {
  return (slot[key] ?? 0) > 0;
}

/** Marks a load as begun; call what it returns when it ends. */
export function loadingServicesFile(): () => void {
  slot[key] = (slot[key] ?? 0) + 1;
  return () => {
    slot[key] = (slot[key] ?? 1) - 1;
  };
}
