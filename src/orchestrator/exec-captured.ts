import { Readable, Writable } from "node:stream";
import type { ContainerClient } from "../engine/container-client.js";
import { EngineError, messageOf } from "../errors.js";

/** Enough of a readiness command's output to say why it failed. */
const maxOutputBytes = 16 * 1024;

/**
 * Runs `command` in a running container with no input and its output
 * (stdout and stderr, interleaved) kept, for `waitFor.command`. A command
 * still running after `timeoutMs` is left to itself and counted as failed.
 */
export async function execCaptured(
  client: ContainerClient,
  containerId: string,
  command: readonly string[],
  timeoutMs: number,
): Promise<{ exitCode: number; output: string }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // The last bytes say most (the error at the end): keep those.
      chunks.push(chunk);
      kept += chunk.length;
      while (kept > maxOutputBytes && chunks.length > 1) kept -= chunks.shift()?.length ?? 0;
      done();
    },
  });
  const io = { stdin: Readable.from([]), stdout: sink, stderr: sink, tty: false };
  const attached = await client.execAttached(containerId, [...command], io).catch((error: unknown) => {
    // The engine refusing one run (the container is restarting, say) is a failed check, not the end of the wait.
    throw error instanceof EngineError ? new Error(messageOf(error), { cause: error }) : error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const exited = attached.wait();
    exited.catch(() => undefined); // cut off by the timeout: its end no longer matters
    const exitCode = await Promise.race([exited, timedOut]);
    return { exitCode, output: Buffer.concat(chunks).toString("utf8") };
  } finally {
    clearTimeout(timer);
    attached.detach();
  }
}
