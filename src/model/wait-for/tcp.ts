import { connect } from "node:net";
import { engineHost } from "./engine-host.js";
import { waitStrategy, type WaitStrategy } from "./wait-strategy.js";

const connectTimeoutMs = 2000;
/**
 * Docker's userland proxy accepts a connection to a published port even while
 * nothing listens in the container, then closes it. A connection still open
 * after this long (or one that sent data) has a real server behind it.
 */
export const holdOpenMs = 200;

/** `5433` (on the engine's host) or `"host:5433"`. */
export function tcpAddress(hostPort: number | string): { host: string; port: number } {
  const text = String(hostPort);
  const match = /^(?:(.+):)?(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`waitFor.tcp(${JSON.stringify(hostPort)}): expected a port or "host:port"`);
  }
  return { host: match[1]?.replace(/^\[(.*)\]$/, "$1") ?? engineHost(), port };
}

export function tcp(hostPort: number | string): WaitStrategy {
  const { host, port } = tcpAddress(hostPort);
  return waitStrategy(`TCP ${host}:${port} to accept connections`, () => acceptsConnection(host, port));
}

function acceptsConnection(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(true);
    };
    let timer = setTimeout(() => settle(new Error(`no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(), holdOpenMs);
    });
    socket.once("data", () => settle());
    socket.once("error", (error) => settle(error));
    socket.once("close", () =>
      settle(new Error(`${host}:${port} accepted the connection and closed it at once (no server behind it yet)`)),
    );
  });
}
