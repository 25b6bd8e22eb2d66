import type Docker from "dockerode";
import { FrameDecoder } from "./frame-decoder.js";
import type { LogChunk, LogOptions } from "./log-stream.js";

/**
 * A container's logs as chunks tagged stdout/stderr. Followed logs end when
 * the container stops or `signal` aborts (then quietly, without an error).
 */
export async function* dockerLogs(
  docker: Docker,
  id: string,
  options: LogOptions,
  signal?: AbortSignal,
): AsyncGenerator<LogChunk> {
  if (signal?.aborted) return;
  const container = docker.getContainer(id);
  const { Config } = await container.inspect();
  const decoder = new FrameDecoder(Config.Tty);
  const query = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    // Docker reads "seconds.nanoseconds"; a plain number would lose the fraction to rounding.
    ...(options.since !== undefined ? { since: options.since.toFixed(9) } : {}),
  };
  if (!options.follow) {
    // Unfollowed logs come back whole, as one buffer.
    yield* decoder.push(await container.logs({ ...query, follow: false }));
    return;
  }
  const stream = (await container.logs({ ...query, follow: true })) as NodeJS.ReadableStream & {
    destroy(): void;
  };
  const onAbort = () => stream.destroy();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const data of stream) {
      yield* decoder.push(typeof data === "string" ? Buffer.from(data) : data);
    }
  } catch (error) {
    // Destroying the stream on abort makes the iterator throw "premature close": that is our own ending.
    if (!signal?.aborted) throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stream.destroy();
  }
}
