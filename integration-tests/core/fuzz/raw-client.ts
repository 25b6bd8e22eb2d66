// One raw TCP exchange with the core: write what a test wants (whole, in
// pieces, slowly, or half and then hang up) and report what came back.
import { connect, type Socket } from "node:net";

export type Outcome = number | "closed" | "no-answer" | "aborted";

export interface Script {
  /** Sent at once after connecting. */
  head: string | Buffer;
  /** Then, piece by piece, each after its delay. */
  pieces?: { delayMs: number; data: string | Buffer }[];
  /** Hang up this long after the last write, whatever came back (an abort). */
  abortAfterMs?: number;
  /** Give up waiting after this (the answer counts as "no-answer"). */
  timeoutMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The status of the first response, "closed" when the server closed without one. */
export async function exchange(port: number, script: Script): Promise<Outcome> {
  const socket: Socket = connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  let text = "";
  let closed = false;
  socket.setEncoding("latin1").on("data", (chunk: string) => {
    if (text.length < 64) text += chunk;
  });
  socket.on("error", () => undefined);
  const gone = new Promise<void>((resolve) =>
    socket.once("close", () => {
      closed = true;
      resolve();
    }),
  );
  const status = (): number => Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
  } catch {
    return "closed"; // refused (the connection limit) or reset
  }
  socket.write(script.head);
  for (const piece of script.pieces ?? []) {
    await Promise.race([sleep(piece.delayMs), gone]);
    if (closed || status()) break;
    socket.write(piece.data);
  }
  if (script.abortAfterMs !== undefined) {
    await Promise.race([sleep(script.abortAfterMs), gone]);
    socket.destroy();
    return status() || "aborted";
  }
  const deadline = Date.now() + script.timeoutMs;
  while (!status() && !closed && Date.now() < deadline) await Promise.race([sleep(10), gone]);
  socket.destroy();
  return status() || (closed ? "closed" : "no-answer");
}

/** Opens a connection that writes `head` (maybe nothing) and then holds still; resolves once connected. */
export function hold(port: number, head: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      if (head) socket.write(head);
      resolve(socket);
    });
    // Read (and drop) what comes: a socket nobody reads never sees the server's close.
    socket.resume();
    socket.on("error", () => resolve(null));
  });
}
