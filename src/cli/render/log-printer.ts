import type { ChalkInstance } from "chalk";
import { StringDecoder } from "node:string_decoder";
import type { LogChunk, OutputStream } from "../../engine/log-stream.js";
import type { LogSink } from "../../orchestrator/service-logs.js";
import { colours } from "./colour.js";
import type { Renderer } from "./renderer.js";

const paint = colours(true);
const palette: ChalkInstance[] = [paint.cyan, paint.yellow, paint.green, paint.magenta, paint.blue, paint.red];

export interface LogPrinterOptions {
  /** Every service that may print, to align the prefixes and pick each one's colour. */
  services: readonly string[];
  /** Where the lines go: prefixed text (coloured when it is styled), or `{service, stream, line}` with --json. */
  renderer: Pick<Renderer, "output" | "styled">;
}

/**
 * Prints container output as whole lines prefixed `name | `: a container's
 * stdout to stdout, its stderr to stderr. Output arrives in arbitrary chunks,
 * so each service's streams keep their unfinished line (and any split UTF-8
 * character) until the rest of it comes.
 */
export class LogPrinter implements LogSink {
  private readonly partial = new Map<string, { decoder: StringDecoder; text: string }>();
  private readonly width: number;

  constructor(private readonly options: LogPrinterOptions) {
    this.width = Math.max(0, ...options.services.map((s) => s.length));
  }

  chunk(service: string, chunk: LogChunk): void {
    const key = `${service}\u0000${chunk.stream}`;
    let pending = this.partial.get(key);
    if (!pending) {
      pending = { decoder: new StringDecoder("utf8"), text: "" };
      this.partial.set(key, pending);
    }
    const lines = (pending.text + pending.decoder.write(chunk.data)).split("\n");
    pending.text = lines.pop() ?? "";
    for (const line of lines) this.print(service, chunk.stream, line);
  }

  /** Prints what is left of the service's unfinished lines. */
  end(service: string): void {
    for (const stream of ["stdout", "stderr"] as const) {
      const key = `${service}\u0000${stream}`;
      const pending = this.partial.get(key);
      if (!pending) continue;
      const rest = pending.text + pending.decoder.end();
      this.partial.delete(key);
      if (rest !== "") this.print(service, stream, rest);
    }
  }

  private print(service: string, stream: OutputStream, line: string): void {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    this.options.renderer.output(stream, `${this.prefix(service)}${text}`, { service, stream, line: text });
  }

  private prefix(service: string): string {
    const label = `${service.padEnd(this.width)} |`;
    if (!this.options.renderer.styled) return `${label} `;
    const index = Math.max(0, this.options.services.indexOf(service));
    return `${(palette[index % palette.length] ?? paint.cyan)(label)} `;
  }
}
