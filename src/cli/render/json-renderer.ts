import type { Writable } from "node:stream";
import type { OrchestratorEvent } from "../../orchestrator/events.js";
import type { Renderer } from "./renderer.js";

/** `--json`: every event and the result as one JSON object per line on stdout; errors too. */
export class JsonRenderer implements Renderer {
  readonly styled = false;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {}

  event(event: OrchestratorEvent): void {
    this.write({ ...event, time: new Date().toISOString() });
  }

  result(_lines: string[], data: object): void {
    this.write({ type: "result", ...data });
  }

  error(message: string): void {
    this.write({ type: "error", message });
    this.stderr.write(`boss: ${message}\n`);
  }

  finish(): void {}

  private write(value: object): void {
    this.stdout.write(JSON.stringify(value) + "\n");
  }
}
