import type { Writable } from "node:stream";
import type { OrchestratorEvent } from "../../orchestrator/events.js";
import type { OutputStream, Renderer } from "./renderer.js";

/**
 * `--json`: the one way boss writes JSON. Every value is one line on stdout
 * (JSON Lines), whatever the command: its events, then `{"type":"result",…}`;
 * or a report's document; or one object per line of logs. An error is a
 * `{"type":"error"}` line, and is said on stderr too for whoever watches.
 */
export class JsonRenderer implements Renderer {
  readonly styled = false;
  readonly live = false;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {}

  event(event: OrchestratorEvent): void {
    this.write({ ...event, time: new Date().toISOString() });
  }

  result(_lines: readonly string[], data: object): void {
    this.write({ type: "result", ...data });
  }

  report(_lines: readonly string[], data: object): void {
    this.write(data);
  }

  output(_stream: OutputStream, _text: string, data: object): void {
    this.write(data);
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
