// What the kernel accepts as a command line, checked before anything is
// stopped: a start whose command cannot be spawned must answer 400 and leave
// the running workload alone, not fail at spawn() after the old one was stopped.
import { BadRequestError } from "../errors.js";

/** Linux refuses one argument longer than MAX_ARG_STRLEN (32 pages = 128 KiB, with its NUL). */
export const MAX_ARG_BYTES = 128 * 1024 - 1;
/**
 * All arguments together. Linux allows a quarter of the stack limit (2 MiB with the
 * usual 8 MiB) for arguments and environment; this leaves the environment its half.
 */
export const MAX_ARGV_BYTES = 1024 * 1024;

/** Throws BadRequestError naming the argument when argv could not be passed to execve. */
export function checkArgv(argv: readonly string[]): void {
  let total = 0;
  argv.forEach((arg, index) => {
    if (arg.includes("\0"))
      throw new BadRequestError(`command argument ${index} holds a NUL byte, which no program can receive`);
    const bytes = Buffer.byteLength(arg) + 1;
    if (bytes > MAX_ARG_BYTES + 1) {
      throw new BadRequestError(
        `command argument ${index} is ${bytes - 1} bytes long; the kernel accepts at most ${MAX_ARG_BYTES}`,
      );
    }
    total += bytes;
  });
  if (total > MAX_ARGV_BYTES) {
    throw new BadRequestError(`the command line is ${total} bytes long; at most ${MAX_ARGV_BYTES} are accepted`);
  }
}
