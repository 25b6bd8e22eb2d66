import type { Writable } from "node:stream";
import type { OrchestratorEvent } from "../../orchestrator/events.js";
import { describePhase } from "./phase-text.js";
import type { Renderer } from "./renderer.js";

/** One plain line per event: for logs, CI, pipes and NO_COLOR. Pull and build progress is left out. */
export class PlainRenderer implements Renderer {
  readonly styled = false;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {}

  event(event: OrchestratorEvent): void {
    if (event.type === "phase") this.stdout.write(`${event.service}: ${describePhase(event)}\n`);
    else if (event.type === "notice") this.stdout.write(`${event.message}\n`);
  }

  result(lines: string[]): void {
    for (const line of lines) this.stdout.write(`${line}\n`);
  }

  error(message: string): void {
    this.stderr.write(`boss: ${message}\n`);
  }

  finish(): void {}
}
