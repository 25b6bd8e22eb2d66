/**
 * A container's output as it arrives: chunks tagged with the stream they
 * were written to (frame-decoder.ts makes them from Docker's framed stream).
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
