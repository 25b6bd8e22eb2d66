// Splits a stream of output into lines with a bounded buffer. readline keeps
// a whole line in memory until its newline arrives, so a workload that writes
// without newlines grows the core without limit. Here a line is cut at
// MAX_LINE_BYTES: its head is logged at once, the rest is counted and dropped,
// and one note says how much went when the line ends.
import { Writable } from "node:stream";

/** The longest line logged from the workload, in bytes. */
export const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

export class LineSplitter extends Writable {
  private parts: Buffer[] = [];
  private buffered = 0;
  /** The current line was cut: its head is logged, the rest is only counted. */
  private cut = false;
  private dropped = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    let rest = chunk;
    for (let at = rest.indexOf(NEWLINE); at !== -1; at = rest.indexOf(NEWLINE)) {
      this.take(rest.subarray(0, at));
      this.endLine();
      rest = rest.subarray(at + 1);
    }
    this.take(rest);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.buffered > 0 || this.cut) this.endLine();
    done();
  }

  /** Adds bytes to the current line, cutting it when it passes the limit. */
  private take(bytes: Buffer): void {
    if (this.cut) {
      this.dropped += bytes.length;
      return;
    }
    const room = this.maxBytes - this.buffered;
    if (bytes.length <= room) {
      // Copied: the chunk's memory is the stream's, and a line may outlive it.
      if (bytes.length > 0) this.parts.push(Buffer.from(bytes));
      this.buffered += bytes.length;
      return;
    }
    this.parts.push(bytes.subarray(0, room));
    this.flush(`${this.text()} …`);
    this.cut = true;
    this.dropped = bytes.length - room;
  }

  private endLine(): void {
    if (this.cut) {
      this.onLine(`… (line cut at ${this.maxBytes} bytes: ${this.dropped} more bytes not logged)`);
      this.cut = false;
      this.dropped = 0;
      return;
    }
    this.flush(this.text());
  }

  private text(): string {
    const line = Buffer.concat(this.parts).toString("utf8");
    return line.endsWith("\r") ? line.slice(0, -1) : line;
  }

  private flush(line: string): void {
    this.parts = [];
    this.buffered = 0;
    this.onLine(line);
  }
}
