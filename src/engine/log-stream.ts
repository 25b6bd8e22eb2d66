/**
 * A container's output as it arrives: chunks tagged with the stream they
 * were written to. Docker frames a non-TTY container's stdout and stderr into
 * one byte stream; FrameDecoder undoes that incrementally, across chunk
 * boundaries, for streams that are followed rather than read whole.
 */

/** Which of the container's streams a chunk was written to. */
export type OutputStream = "stdout" | "stderr";

/** A piece of a container's output (not necessarily whole lines). */
export interface LogChunk {
  stream: OutputStream;
  data: Buffer;
}

/** What `streamLogs` reads. */
export interface LogOptions {
  /** Keep reading as the container writes, until it stops (or the signal aborts). */
  follow: boolean;
  /** Only the last `tail` lines of what is already there. */
  tail?: number;
  /** Only output written at or after this time, in seconds since the epoch (fractions allowed). */
  since?: number;
  /** Prefix each line with Docker's RFC 3339 timestamp. */
  timestamps?: boolean;
}

const headerSize = 8;

/** Splits Docker's multiplexed stream (8-byte header: stream type, 3 zero bytes, big-endian length) into chunks. */
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
      const stream = this.pending[offset] === 2 ? "stderr" : "stdout";
      const payload = this.pending.subarray(offset + headerSize, offset + headerSize + size);
      if (payload.length) chunks.push({ stream, data: Buffer.from(payload) });
      offset += headerSize + size;
    }
    this.pending = this.pending.subarray(offset);
    return chunks;
  }

  /** Bytes of a frame that never completed (a stream cut short); empty normally. */
  get leftover(): number {
    return this.pending.length;
  }
}
