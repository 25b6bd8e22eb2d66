import type { OrchestratorEvent } from "../../orchestrator/events.js";

/** Where a command's events, results and errors go. */
export interface Renderer {
  event(event: OrchestratorEvent): void;
  /** The command's result: lines of text for people, or an object for --json. */
  result(lines: string[], data: object): void;
  error(message: string): void;
  /** Ends live output (spinners) before anything else is written. */
  finish(): void;
  /** True when colour and escape codes may be used. */
  readonly styled: boolean;
}
