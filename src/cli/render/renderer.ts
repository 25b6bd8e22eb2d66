import type { OrchestratorEvent } from "../../orchestrator/events.js";

/** Which of a command's streams a line of passed-through output belongs on. */
export type OutputStream = "stdout" | "stderr";

/**
 * Where a command's output goes: to people (live on a terminal, plain lines
 * elsewhere) or, with --json, to scripts as one JSON value per line on stdout
 * (docs/json-output.md). A command gives each piece both ways — text and
 * data — and the renderer writes the one its reader wants.
 */
export interface Renderer {
  /** Live progress of a command that changes the group. */
  event(event: OrchestratorEvent): void;
  /** How a command that changes the group ended: lines of text, or `{"type":"result", …data}`. */
  result(lines: readonly string[], data: object): void;
  /** A report's answer (status, env, graph, metrics): lines of text, or `data` itself as one JSON line. */
  report(lines: readonly string[], data: object): void;
  /** One line of output passed through (logs): `text` on its stream, or `data` as one JSON line on stdout. */
  output(stream: OutputStream, text: string, data: object): void;
  error(message: string): void;
  /** Ends live output (spinners) before anything else is written. */
  finish(): void;
  /** True when colour and other escape codes may be used. */
  readonly styled: boolean;
  /** True when lines are redrawn in place (a terminal), so a report may clear the screen and draw itself again. */
  readonly live: boolean;
}
