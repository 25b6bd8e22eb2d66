/**
 * Docker multiplexes a non-TTY container's stdout and stderr into one byte
 * stream of frames: an 8-byte header (stream type, 3 zero bytes, big-endian
 * length), then the payload. Logs, attached one-off containers and execs all
 * arrive that way; this one decoder undoes it for each of them, incrementally,
 * across chunk boundaries.
 */
import type { LogChunk } from "./log-stream.js";

const headerSize = 8;
const stderrType = 2;

export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** @param tty the container has a terminal: its output is not framed and all of it is stdout. */
  constructor(private readonly tty = false) {}

  /** The whole frames now available; a partial frame is kept for the next push. */
  push(data: Buffer): LogChunk[] {
    if (this.tty) return data.length ? [{ stream: "stdout", data }] : [];
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const chunks: LogChunk[] = [];
    let offset = 0;
    while (offset + headerSize <= this.pending.length) {
      const size = this.pending.readUInt32BE(offset + 4);
      if (offset + headerSize + size > this.pending.length) break;
      const stream = this.pending[offset] === stderrType ? "stderr" : "stdout";
      const payload = this.pending.subarray(offset + headerSize, offset + headerSize + size);
      if (payload.length) chunks.push({ stream, data: Buffer.from(payload) });
      offset += headerSize + size;
    }
    this.pending = this.pending.subarray(offset);
    return chunks;
  }
}
