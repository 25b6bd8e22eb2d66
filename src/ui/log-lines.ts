import type { ServerResponse } from "node:http";
import { messageOf } from "../errors.js";
import type { LogChunk } from "../engine/log-stream.js";
import type { Project } from "../orchestrator/project.js";
import { serviceLogs } from "../orchestrator/service-logs.js";
import { openEventStream } from "./sse-channel.js";

/** One line of a service's output, as the page's logs view gets it. */
export interface LogLine {
  stream: "stdout" | "stderr";
  text: string;
}

/** A line longer than this is cut: the page shows logs, not dumps. */
const maxLineLength = 4000;

/**
 * Streams one service's output to the page as `boss logs -f --tail N SERVICE`
 * does (a replaced container is picked up again), as `lines` events, one per
 * chunk read; ends when the page closes the stream.
 */
export async function followLogs(project: Project, service: string, tail: number, response: ServerResponse) {
  const send = openEventStream(response);
  const controller = new AbortController();
  response.on("close", () => controller.abort());
  const partial: Record<LogLine["stream"], string> = { stdout: "", stderr: "" };
  const sink = {
    chunk(_service: string, chunk: LogChunk) {
      const lines = (partial[chunk.stream] + chunk.data.toString("utf8")).split("\n");
      partial[chunk.stream] = lines.pop() ?? "";
      if (lines.length)
        send(
          "lines",
          lines.map((text) => ({ stream: chunk.stream, text: cut(text) })),
        );
    },
    end() {
      const rest = (["stdout", "stderr"] as const)
        .filter((s) => partial[s])
        .map((s) => ({ stream: s, text: cut(partial[s]) }));
      partial.stdout = partial.stderr = "";
      if (rest.length) send("lines", rest);
    },
  };
  // Its notices ("no container") are for the CLI's stderr; the page shows the state instead.
  const quiet: Project = { ...project, emit: () => undefined };
  try {
    await serviceLogs(quiet, { services: [service], follow: true, tail, signal: controller.signal }, sink);
  } catch (error) {
    send("problem", { message: messageOf(error) });
  }
  response.end();
}

function cut(text: string): string {
  const line = text.endsWith("\r") ? text.slice(0, -1) : text;
  return line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line;
}
