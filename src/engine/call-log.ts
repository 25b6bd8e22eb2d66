/**
 * Every engine call, one line each, under DEBUG=boss:engine (or boss:*), as
 * testcontainers logs its own: what was asked, what the engine answered (the
 * HTTP statuses of the call's requests, in order, or the error) and how long
 * it took. NODE_DEBUG=boss turns it on too, for those who reach for Node's
 * convention. Off, it costs one boolean test per call: the HTTP statuses are
 * only listened for once a line will be printed.
 *
 * The statuses come from Node's HTTP client diagnostics channels; each
 * request is tied to the call that made it through AsyncLocalStorage, so
 * calls running at once (and boss's other HTTP, such as pings) never mix.
 */
import createDebug from "debug";
import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest, IncomingMessage } from "node:http";
import { messageOf } from "../errors.js";

const log = createDebug("boss:engine");
if (nodeDebugWants(process.env.NODE_DEBUG, log.namespace)) log.enabled = true;
// debug colours by TTY alone; boss's output honours NO_COLOR, so its debug lines do too.
if (process.env.NO_COLOR) Object.assign(log, { useColors: false });

/** The statuses the engine answered the current call's requests with. */
const currentCall = new AsyncLocalStorage<number[]>();
const statusesOf = new WeakMap<ClientRequest, number[]>();
let listening = false;

/** Runs one engine call; when debugging, logs it with its statuses (or error) and duration. */
export async function logCall<T>(what: string, run: () => Promise<T>, outcome?: (result: T) => string): Promise<T> {
  if (!log.enabled) return run();
  listen();
  const statuses: number[] = [];
  const began = performance.now();
  try {
    const result = await currentCall.run(statuses, run);
    const said = [answered(statuses), outcome?.(result)].filter(Boolean).join(", ");
    log("%s → %s (%s)", what, said || "done", since(began));
    return result;
  } catch (error) {
    log("%s → %s: %s (%s)", what, answered(statuses) || "no answer", reason(error), since(began));
    throw error;
  }
}

/** Like logCall for a stream read to its end (or left early): one line when it is over. */
export async function* logStream<T>(what: string, open: () => AsyncIterable<T>): AsyncGenerator<T> {
  if (!log.enabled) {
    yield* open();
    return;
  }
  listen();
  const statuses: number[] = [];
  const began = performance.now();
  const iterator = currentCall.run(statuses, () => open()[Symbol.asyncIterator]());
  let ended = "left early";
  try {
    for (;;) {
      const step = await currentCall.run(statuses, () => iterator.next());
      if (step.done) break;
      yield step.value;
    }
    ended = "";
  } catch (error) {
    ended = reason(error);
    throw error;
  } finally {
    await iterator.return?.();
    log("%s → %s (%s)", what, [answered(statuses) || "no answer", ended].filter(Boolean).join(": "), since(began));
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  subscribe("http.client.request.start", (message) => {
    const { request } = message as { request: ClientRequest };
    const statuses = currentCall.getStore();
    if (!statuses) return;
    statusesOf.set(request, statuses);
    // An attach or exec answers 101 with an upgrade, which the response channel does not report.
    if (request.getHeader("upgrade")) request.once("upgrade", (response: IncomingMessage) => record(request, response));
  });
  subscribe("http.client.response.finish", (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    record(request, response);
  });
}

function record(request: ClientRequest, response: IncomingMessage): void {
  if (response.statusCode !== undefined) statusesOf.get(request)?.push(response.statusCode);
}

/** "200, 201, 200"; a status repeated in a row once, with its count ("200 ×12"), as polls repeat it. */
function answered(statuses: readonly number[]): string {
  const runs: Array<{ status: number; count: number }> = [];
  for (const status of statuses) {
    const last = runs[runs.length - 1];
    if (last?.status === status) last.count++;
    else runs.push({ status, count: 1 });
  }
  return runs.map((r) => (r.count > 1 ? `${r.status} ×${r.count}` : String(r.status))).join(", ");
}

/** The engine's own words when it answered (dockerode keeps them in `json.message`), else the error's. */
function reason(error: unknown): string {
  const said = (error as { json?: { message?: unknown } } | undefined)?.json?.message;
  return (typeof said === "string" ? said : messageOf(error)).trim().split("\n")[0] ?? "";
}

function since(began: number): string {
  const ms = performance.now() - began;
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** NODE_DEBUG is a comma-separated list of names, `*` a wildcard (as Node's util.debuglog reads it). */
export function nodeDebugWants(value: string | undefined, namespace: string): boolean {
  const names = (value ?? "").split(/[\s,]+/).filter(Boolean);
  return names.some((name) => {
    const pattern = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
    return pattern.test(namespace) || pattern.test(namespace.split(":")[0] ?? "");
  });
}
