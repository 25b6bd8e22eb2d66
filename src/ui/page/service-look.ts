import type { WireService } from "./wire.js";

/** One word for a service's state as the page colours it. */
export type Look = "ready" | "starting" | "stopped" | "failed" | "missing";

export function lookOf(service: WireService): Look {
  if (service.state === "running") return service.ready === false ? "starting" : "ready";
  if (service.state === "missing") return "missing";
  if (service.state === "failed" || service.state === "dead") return "failed";
  if (service.state === "exited" && service.exitCode !== 0 && service.exitCode !== null) return "failed";
  return "stopped";
}

export const lookColour: Record<Look, string> = {
  ready: "#2e9e4f",
  starting: "#e0a800",
  stopped: "#8a8f98",
  failed: "#d64545",
  missing: "#c4c8cf",
};

/** `running, ready` / `exited (1)` / `missing`. */
export function stateText(service: WireService): string {
  if (service.state === "exited") return `exited (${service.exitCode ?? "?"})`;
  if (service.state !== "running") return service.state;
  return service.ready === false ? "running, not ready" : "running, ready";
}

export function formatUptime(seconds: number | null): string {
  if (seconds === null) return "";
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}
