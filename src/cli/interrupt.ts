/**
 * Ctrl-C during a command: the first stops new work and lets what is in
 * flight settle; a second one quits at once.
 */
export function onInterrupt(notify: (message: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      process.exit(130);
    }
    controller.abort();
    notify("interrupted: starting nothing new, letting in-flight steps finish (Ctrl-C again to quit now)");
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
