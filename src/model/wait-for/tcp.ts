import { withPlan } from "./wait-plan.js";
import { connect } from "node:net";
import { engineHost } from "./engine-host.js";
import type { PingTarget } from "../ping-target.js";
import { requireTarget, waitStrategy, type WaitStrategy } from "./wait-strategy.js";

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

/**
 * `tcp(5433)` and `tcp("host:5433")` connect to that address. Given a bare port
 * the container does not publish on the host, but publishes as a container port
 * (`ports = { 5432: 0 }`), it connects to the host port the engine picked for it;
 * `tcp({ containerPort: 5432 })` says so explicitly.
 */
export function tcp(port: number | string | { containerPort: number }): WaitStrategy {
  if (typeof port === "object") {
    return withPlan(publishedTcp(port.containerPort), { kind: "tcp", port: port.containerPort, containerPort: true });
  }
  const address = tcpAddress(port);
  const written = typeof port === "number" || /^\d+$/.test(port);
  const plan = { kind: "tcp" as const, port: address.port, ...(written ? {} : { host: address.host }) };
  const strategy = waitStrategy(`TCP ${address.host}:${address.port} to accept connections`, async (target) => {
    const published = written && target ? await publishedAddress(target, address.port, false) : undefined;
    const { host, port: hostPort } = published ?? address;
    return acceptsConnection(host, hostPort);
  });
  return withPlan(strategy, plan);
}

function publishedTcp(containerPort: number): WaitStrategy {
  if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) {
    throw new TypeError(`waitFor.tcp({ containerPort: ${containerPort} }): expected a port 1-65535`);
  }
  return waitStrategy(`TCP to container port ${containerPort} (as published) to accept connections`, async (target) => {
    const address = await publishedAddress(
      requireTarget("waitFor.tcp({ containerPort })", target),
      containerPort,
      true,
    );
    if (!address) throw new Error(`the container does not publish port ${containerPort}/tcp (yet)`);
    return acceptsConnection(address.host, address.port);
  });
}

/**
 * Where container port `port` is published, unless `port` is already one of
 * the container's host ports (then it means that, as it always did) — or,
 * with `containerPortOnly`, in any case. IPv4 first; a wildcard address means
 * the engine's host.
 */
async function publishedAddress(
  target: PingTarget,
  port: number,
  containerPortOnly: boolean,
): Promise<{ host: string; port: number } | undefined> {
  const ports = (await target.publishedPorts()).filter((p) => p.protocol === "tcp" && p.hostPort > 0);
  if (!containerPortOnly && ports.some((p) => p.hostPort === port)) return undefined;
  const found = ports
    .filter((p) => p.containerPort === port)
    .sort((a, b) => Number(a.hostIp.includes(":")) - Number(b.hostIp.includes(":")))[0];
  if (!found) return undefined;
  const wildcard = found.hostIp === "0.0.0.0" || found.hostIp === "::";
  const local = engineHost() === "127.0.0.1";
  return { host: wildcard || !local ? engineHost() : found.hostIp, port: found.hostPort };
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
