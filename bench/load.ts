// A fixed-rate HTTP load on 127.0.0.1: one request every 1/rps s over a
// keep-alive agent, each timed from send to the end of its body. At most
// `maxInFlight` requests are open; a tick that finds them all busy is counted
// as skipped rather than queued, so a slow server cannot hide behind a backlog.
import { Agent, request } from "node:http";
import { sleep } from "./stats.js";

export interface LoadResult {
  latenciesMs: number[];
  errors: number;
  skipped: number;
  seconds: number;
}

export interface LoadOptions {
  url: string;
  rps: number;
  seconds: number;
  headers?: Record<string, string>;
  maxInFlight?: number;
}

export async function constantRate(options: LoadOptions): Promise<LoadResult> {
  const { url, rps, seconds, headers = {}, maxInFlight = 32 } = options;
  const target = new URL(url);
  if (target.hostname !== "127.0.0.1") throw new Error(`load only against 127.0.0.1, not ${target.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const result: LoadResult = { latenciesMs: [], errors: 0, skipped: 0, seconds };
  const total = Math.round(rps * seconds);
  const interval = 1000 / rps;
  const pending = new Set<Promise<void>>();
  const began = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = began + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    if (pending.size >= maxInFlight) {
      result.skipped++;
      continue;
    }
    const one = timedGet(target, agent, headers).then(
      (ms) => void result.latenciesMs.push(ms),
      () => void result.errors++,
    );
    pending.add(one);
    void one.finally(() => pending.delete(one));
  }
  await Promise.all(pending);
  agent.destroy();
  return result;
}

function timedGet(url: URL, agent: Agent, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const req = request(url, { agent, headers, timeout: 5000 }, (response) => {
      response.resume();
      response.on("end", () =>
        response.statusCode === 200 ? resolve(performance.now() - began) : reject(new Error(`${response.statusCode}`)),
      );
      response.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}
