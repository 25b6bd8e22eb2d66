// The service every benchmark graph runs: busybox's sh as PID 1, which waits
// `delayMs`, then serves HTTP on port 8080 (busybox httpd) and stops promptly
// on SIGTERM. sh ignores SIGTERM as PID 1 unless it traps it, and defers a
// trap while a foreground command runs, so it sleeps in the background and
// `wait`s (which a signal interrupts).
import { connect } from "node:net";

/** The port the service listens on inside its container. */
export const servicePort = 8080;

export const benchImage = process.env.BENCH_IMAGE ?? "boss-busybox:latest";

/** The container's command. */
export function serviceCommand(delayMs: number): string[] {
  const seconds = (delayMs / 1000).toFixed(3);
  return [
    "sh",
    "-c",
    `trap 'exit 0' TERM INT; sleep ${seconds} & wait; mkdir -p /www && echo ok > /www/index.html && ` +
      `httpd -p ${servicePort} -h /www; while true; do sleep 0.1 & wait; done`,
  ];
}

/**
 * The scaling graphs' command: ready the moment it runs (no port, no ping), no
 * CPU while it idles, and out at once on SIGTERM — so those rows measure boss
 * and the engine, not a readiness delay or a busy machine.
 */
export function idleCommand(): string[] {
  return ["sh", "-c", "trap 'exit 0' TERM INT; sleep 2147483647 & wait"];
}

/**
 * The compose healthcheck: busybox's nc has no -z, but with stdin at EOF it
 * connects, closes and exits 0 — or exits 1 when the port is not open yet.
 */
export function healthcheckCommand(): string {
  return `nc -w 1 127.0.0.1 ${servicePort} </dev/null`;
}

/**
 * True when the service answers on a published host port. A bare TCP connect
 * is not enough: Docker's userland proxy accepts on the host port before the
 * container listens, then closes. So the ping sends a request and waits for
 * the first byte of the answer.
 */
export function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => socket.write("GET / HTTP/1.0\r\n\r\n"));
    socket.once("data", () => done(true));
    socket.once("error", () => done(false));
    socket.once("close", () => done(false));
  });
}
