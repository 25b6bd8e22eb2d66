import type { ContainerClient } from "../engine/container-client.js";

/**
 * When a stopped container's process is gone, as the engine's event stream tells it ("die").
 *
 * The engine answers a stop only after it has cleaned up behind the container (its network endpoint,
 * published ports): for a container that publishes a port, about 100 ms after the process died. What
 * depends on a dependent's process being gone — stopping the services it depends on — need not wait for
 * that cleanup. The stop call stays the fallback: a container whose death the stream did not tell (the
 * stream failed, the engine has none, or the death came before the engine followed) has exited when its
 * stop returns.
 */
export interface ExitWatch {
  /**
   * The container's next "die" from now on: ask before sending the stop, so that a death from before (a
   * container that restarted on its own) is not taken for this one. Never resolves if the stream does not
   * tell it: race it with the stop call.
   */
  nextExit(id: string): Promise<void>;
  close(): void;
}

/**
 * Follows the group's events from now on. Nothing waits for the stream to open: the engine follows from
 * the moment the request reaches it, long before a stop sent after it kills a process, and a proxy in
 * front of the engine may hold the answer's headers back until the first event.
 */
export function watchExits(client: ContainerClient, group: string): ExitWatch {
  const controller = new AbortController();
  const waiting = new Map<string, () => void>();
  void (async () => {
    for await (const event of client.containerEvents(group, controller.signal)) {
      if (event.action === "die") waiting.get(event.id)?.();
    }
  })().catch(() => undefined); // a stream that fails leaves each stop to its own call: never a reason to fail it
  return {
    nextExit: (id) => new Promise<void>((resolve) => waiting.set(id, resolve)),
    close() {
      controller.abort();
      waiting.clear();
    },
  };
}
