/** What the orchestrator tells the renderers. Phases follow one service through a command. */
export type ServicePhase =
  | "waiting" // on its dependencies (start) or dependents (stop)
  | "pulling"
  | "building"
  | "creating"
  | "recreating"
  | "starting"
  | "pinging"
  | "post-start"
  | "ready"
  | "kept" // already running with the same definition
  | "completed" // a job whose container exited 0 (job-starter.ts)
  | "completed-earlier" // a job that completed with the same definition before: not run again
  | "failed"
  | "skipped" // not started because a dependency failed
  | "cancelled" // Ctrl-C came first
  | "stopping"
  | "stopped"
  | "removed";

export type OrchestratorEvent =
  | { type: "phase"; service: string; phase: ServicePhase; detail?: string; elapsedMs?: number }
  | { type: "progress"; service: string; line: string }
  | { type: "notice"; message: string }
  /**
   * About the services file, on stderr (not the command's output): a field boss does not know but that is close
   * to one it does (`suggestion`), an unexported Service class, the file found in a parent folder.
   */
  | { type: "warning"; message: string; file?: string; service?: string; field?: string; suggestion?: string }
  | WatchEvent;

/** What `boss watch` did about a batch of changed files (or why it could not). */
export interface WatchEvent {
  type: "watch";
  service: string;
  /** The changed files, relative to the services file. */
  files: string[];
  outcome: "synced" | "synced and restarted" | "restarted" | "rebuilt and replaced" | "failed";
  elapsedMs: number;
  /** With "failed": why, and what was kept. */
  detail?: string;
}

export type EventSink = (event: OrchestratorEvent) => void;
