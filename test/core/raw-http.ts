// Raw TCP clients for the tests that send what fetch will not: half requests,
// bodies that never end, invalid targets, connections held open.
import { connect, type Socket } from "node:net";

export interface RawAnswer {
  /** Everything the server sent. */
  text: string;
  /** The status code of the first response line, or 0 when none came. */
  status: number;
  /** The server closed the connection (rather than the client giving up). */
  closedByServer: boolean;
  /** Milliseconds from connecting to the close (or to giving up). */
  ms: number;
}

/** Sends `data` and collects the answer until the server closes or `timeoutMs` passes. */
export function rawExchange(port: number, data: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, "127.0.0.1", () => socket.write(data));
    let text = "";
    let done = false;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ text, status, closedByServer, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
  });
}

/** Opens a connection, writes `data` (maybe nothing) and leaves it open. */
export function holdConnection(port: number, data = ""): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      if (data) socket.write(data);
      resolve(socket);
    });
    // Read (and drop) what comes: a socket nobody reads never sees the server's close.
    socket.resume();
    socket.on("error", reject);
  });
}
