import type { Writable } from "node:stream";
import type { OrchestratorEvent } from "../../orchestrator/events.js";
import { eventLine } from "../../report/event-text.js";
import { colours } from "./colour.js";
import type { OutputStream, Renderer } from "./renderer.js";

/**
 * One plain line per event: for logs, CI, pipes and NO_COLOR. Pull and build
 * output is shown as its steps (layers done, build steps), without the
 * byte-level progress bars that only make sense redrawn in place. Colour only
 * when asked for (FORCE_COLOR on a pipe): lines are never redrawn here.
 */
export class PlainRenderer implements Renderer {
  readonly live = false;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
    readonly styled = false,
  ) {}

  event(event: OrchestratorEvent): void {
    if (event.type === "warning") {
      this.stderr.write(colours(this.styled).yellow(`boss: ${event.message}`) + "\n");
      return;
    }
    const line = eventLine(event);
    if (line !== undefined) this.stdout.write(`${line}\n`);
  }

  result(lines: readonly string[]): void {
    this.writeLines(lines);
  }

  report(lines: readonly string[]): void {
    this.writeLines(lines);
  }

  output(stream: OutputStream, text: string): void {
    (stream === "stderr" ? this.stderr : this.stdout).write(`${text}\n`);
  }

  error(message: string): void {
    this.stderr.write(colours(this.styled).red(`boss: ${message}`) + "\n");
  }

  finish(): void {}

  private writeLines(lines: readonly string[]): void {
    for (const line of lines) this.stdout.write(`${line}\n`);
  }
}
