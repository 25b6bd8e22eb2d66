import { ServiceFailedError } from "../errors.js";
import { startSummaryLines, stopSummaryLines, texts } from "../report/summary-lines.js";
import type { StartSummary } from "../orchestrator/start.js";
import type { StopSummary } from "../orchestrator/stop.js";

/**
 * `group.start()` (or `group.reload()`) ended with failed services or a
 * collection hook that threw. The services that did start keep running; the
 * summary says which did what.
 */
export class StartFailedError extends ServiceFailedError {
  readonly summary: StartSummary;

  constructor(group: string, summary: StartSummary) {
    super(`${group}: ${texts(startSummaryLines(summary)).join("; ")}`);
    this.summary = summary;
  }
}

/** `group.stop()` could not stop a service, or a collection hook threw. */
export class StopFailedError extends ServiceFailedError {
  readonly summary: StopSummary;

  constructor(group: string, summary: StopSummary, removed: boolean) {
    super(`${group}: ${texts(stopSummaryLines(summary, removed)).join("; ")}`);
    this.summary = summary;
  }
}
