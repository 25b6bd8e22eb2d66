import { ServiceFailedError } from "../errors.js";
import { startSummaryLines, stopSummaryLines } from "../cli/render/summaries.js";
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
    super(`${group}: ${startSummaryLines(summary, false).join("; ")}`);
    this.summary = summary;
  }
}

/** `group.stop()` could not stop a service, or a collection hook threw. */
export class StopFailedError extends ServiceFailedError {
  readonly summary: StopSummary;

  constructor(group: string, summary: StopSummary, removed: boolean) {
    super(`${group}: ${stopSummaryLines(summary, removed, false).join("; ")}`);
    this.summary = summary;
  }
}
