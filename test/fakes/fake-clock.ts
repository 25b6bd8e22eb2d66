import { abortError, type Clock } from "../../src/orchestrator/readiness.js";

/** Time that moves only when something sleeps: a wait loop runs at once, and its elapsed time is exact. */
export class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError();
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
  }
}
