import type Docker from "dockerode";
import type { ContainerEvent } from "./container-client.js";
import { Label } from "./labels.js";

/**
 * The engine's event stream (`docker events`), only the group's containers, until `signal` aborts. The engine
 * filters by label, so other groups' traffic never reaches boss. Health checks' exec events are left out: they
 * come every interval and change nothing a reader shows.
 */
export async function* dockerContainerEvents(
  docker: Docker,
  group: string,
  signal: AbortSignal,
): AsyncGenerator<ContainerEvent> {
  if (signal.aborted) return;
  const filters = { type: ["container" as const], label: [`${Label.group}=${group}`] };
  let stream: NodeJS.ReadableStream & { destroy(): void };
  try {
    // The signal goes with the request too: an engine (or a proxy before it) may hold the answer back until
    // the first event, and an abort before then must end the request, not leave it open.
    stream = (await docker.getEvents({ filters, abortSignal: signal })) as unknown as typeof stream;
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
  const onAbort = () => stream.destroy();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    // One JSON object per line; a chunk may end inside one. (readline would not end when the stream is destroyed.)
    let rest = "";
    for await (const data of stream) {
      const lines = (rest + (typeof data === "string" ? data : data.toString("utf8"))).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        const event = parseEvent(line);
        if (event && !event.action.startsWith("exec_")) yield event;
      }
    }
  } catch (error) {
    // Destroying the stream on abort ends the iteration with "premature close": our own ending.
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
    stream.destroy();
  }
}

function parseEvent(line: string): ContainerEvent | undefined {
  if (!line.trim()) return undefined;
  try {
    const raw = JSON.parse(line) as { Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
    const id = raw.Actor?.ID;
    if (!id || !raw.Action) return undefined;
    // "health_status: healthy" and "exec_start: sh -c …" carry a detail after the colon.
    return {
      id,
      service: raw.Actor?.Attributes?.[Label.service] ?? "",
      action: raw.Action.split(":")[0] ?? raw.Action,
    };
  } catch {
    return undefined;
  }
}
