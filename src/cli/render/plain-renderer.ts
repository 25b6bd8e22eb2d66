import type { Writable } from "node:stream";
import type { OrchestratorEvent } from "../../orchestrator/events.js";
import { describePhase } from "./phase-text.js";
import type { Renderer } from "./renderer.js";

/**
 * One plain line per event: for logs, CI, pipes and NO_COLOR. Pull and build
 * output is shown as its steps (layers done, build steps), without the
 * byte-level progress bars that only make sense redrawn in place.
 */
export class PlainRenderer implements Renderer {
  readonly styled = false;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {}

  event(event: OrchestratorEvent): void {
    if (event.type === "phase") this.stdout.write(`${event.service}: ${describePhase(event)}\n`);
    else if (event.type === "notice") this.stdout.write(`${event.message}\n`);
    else if (!isProgressBar(event.line)) this.stdout.write(`${event.service} | ${event.line}\n`);
  }

  result(lines: string[]): void {
    for (const line of lines) this.stdout.write(`${line}\n`);
  }

  error(message: string): void {
    this.stderr.write(`boss: ${message}\n`);
  }

  finish(): void {}
}

/** Docker's pull progress ("Downloading [==>   ] 1.2MB/3MB") and "Waiting"/"Extracting" chatter. */
function isProgressBar(line: string): boolean {
  return /\[[=> ]*\]/.test(line) || /\b(Waiting|Downloading|Extracting|Verifying Checksum)\b/.test(line);
}
