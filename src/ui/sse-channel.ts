import type { ServerResponse } from "node:http";

/** How often an idle stream gets a comment line, so proxies and the browser keep it open. */
const keepAliveMs = 15_000;

/** Opens `response` as a server-sent event stream; returns a function that sends one event on it. */
export function openEventStream(response: ServerResponse): (event: string, data: unknown) => void {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  response.write(": boss ui\n\n");
  const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), keepAliveMs);
  keepAlive.unref();
  response.on("close", () => clearInterval(keepAlive));
  return (event, data) => {
    if (!response.writableEnded) response.write(sseFrame(event, data));
  };
}

/** One event as the EventSource protocol frames it: a name and a JSON line (JSON has no raw newlines). */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Every page listening to the group's events: each gets every event. */
export class SseChannel {
  private readonly listeners = new Set<(event: string, data: unknown) => void>();

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener until its response closes; `first` is sent to it alone before anything else. */
  add(response: ServerResponse, first?: { event: string; data: unknown }): void {
    const send = openEventStream(response);
    if (first) send(first.event, first.data);
    this.listeners.add(send);
    response.on("close", () => this.listeners.delete(send));
  }

  send(event: string, data: unknown): void {
    for (const send of this.listeners) send(event, data);
  }
}
