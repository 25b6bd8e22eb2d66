/**
 * A service's `ports`, in both forms a compose user writes them, read into one
 * list of bindings (ranges expanded, one binding per port):
 * - the object form, container port → host: `{ 5432: 5433, "53/udp": 5353, 80: 0, 8080: "127.0.0.1:8080",
 *   "9000-9009": "9000-9009" }`;
 * - the array form, compose's short syntax `[[address:]hostPort:]containerPort[/protocol]`:
 *   `["5433:5432", "127.0.0.1:8080:80", "[::1]:80:80", "9000-9009:9000-9009", "3000", "53:53/udp"]`.
 * A host port of 0 (or none) is one the engine picks when the container starts.
 */
import { isIP } from "node:net";
import type { PortBinding } from "./definition.js";

type Fail = (field: string, message: string) => never;
type Protocol = PortBinding["protocol"];

/** An inclusive range of ports; a single port is a range of one. */
interface PortRange {
  first: number;
  last: number;
}

/** The host side before it is paired with the container's ports: no range means the engine picks. */
interface HostSide {
  ip?: string;
  range?: PortRange;
}

const objectForm = 'an object of containerPort: hostPort, e.g. { 5432: 5433, 80: "127.0.0.1:8080", 3000: 0 }';
const arrayForm = 'an array of compose port strings, e.g. ["5433:5432", "127.0.0.1:8080:80", "3000"]';

export function validatePorts(value: unknown, fail: Fail, describe: (value: unknown) => string): PortBinding[] {
  if (value === undefined) return [];
  const bindings = Array.isArray(value)
    ? value.flatMap((item: unknown, i) => fromShortSyntax(item, (m) => fail(`ports[${i}]`, m), describe))
    : typeof value === "object" && value !== null
      ? Object.entries(value).flatMap(([key, host]) =>
          fromObjectEntry(key, host, (m) => fail(`ports.${key}`, m), describe),
        )
      : fail("ports", `expected ${objectForm} or ${arrayForm}, got ${describe(value)}`);
  checkDuplicates(value, bindings, fail);
  return bindings;
}

function fromObjectEntry(
  key: string,
  host: unknown,
  fail: (message: string) => never,
  describe: (value: unknown) => string,
): PortBinding[] {
  const match = /^([\d-]+)(?:\/(tcp|udp))?$/.exec(key);
  const container = match ? parseRange(match[1] ?? "") : undefined;
  if (!match || !container) {
    return fail(`container port "${key}" must be a port 1-65535 or a range "9000-9009", optionally with /tcp or /udp`);
  }
  const protocol = (match[2] as Protocol | undefined) ?? "tcp";
  if (typeof host === "number") {
    if (host === 0) return pair(container, {}, protocol, fail);
    if (!isPort(host))
      return fail(`host port must be an integer 1-65535 (or 0: the engine picks), got ${describe(host)}`);
    return pair(container, { range: { first: host, last: host } }, protocol, fail);
  }
  if (typeof host !== "string") {
    return fail(`expected a host port, "address:port" or 0 (the engine picks), got ${describe(host)}`);
  }
  return pair(container, parseHost(host, fail), protocol, fail);
}

/** compose's short syntax: `[[address:]hostPort:]containerPort[/protocol]`; a bare number is a container port. */
function fromShortSyntax(
  item: unknown,
  fail: (message: string) => never,
  describe: (value: unknown) => string,
): PortBinding[] {
  if (typeof item === "number") item = String(item);
  if (typeof item !== "string")
    return fail(`expected a compose port string such as "5433:5432", got ${describe(item)}`);
  const text = item;
  const [spec = "", protocol = "tcp", ...extra] = text.split("/");
  if (extra.length > 0 || (protocol !== "tcp" && protocol !== "udp")) {
    return fail(`"${text}": the protocol after "/" must be tcp or udp`);
  }
  const lastColon = spec.lastIndexOf(":");
  const containerText = lastColon < 0 ? spec : spec.slice(lastColon + 1);
  const container = parseRange(containerText);
  if (!container) {
    return fail(`"${text}": the container port "${containerText}" must be a port 1-65535 or a range "9000-9009"`);
  }
  const host = lastColon < 0 ? {} : parseHost(spec.slice(0, lastColon), (m) => fail(`"${text}": ${m}`));
  return pair(container, host, protocol, (m) => fail(`"${text}": ${m}`));
}

/** `5433`, `9000-9009`, `127.0.0.1:5433`, `[::1]:80`, `127.0.0.1:` or `127.0.0.1:0` (the engine picks), `""`. */
function parseHost(text: string, fail: (message: string) => never): HostSide {
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(text);
  const colon = text.lastIndexOf(":");
  const [ip, portText] = bracketed
    ? [bracketed[1] ?? "", bracketed[2] ?? ""]
    : colon < 0
      ? [undefined, text]
      : [text.slice(0, colon), text.slice(colon + 1)];
  if (ip !== undefined && isIP(ip) === 0) {
    fail(`"${ip}" is not an IP address (write IPv6 addresses in brackets: "[::1]:8080")`);
  }
  const side: HostSide = ip === undefined ? {} : { ip };
  if (portText === "" || portText === "0") return side;
  const range = parseRange(portText);
  if (!range) return fail(`the host port "${portText}" must be a port 1-65535, a range "9000-9009", or 0`);
  return { ...side, range };
}

function parseRange(text: string): PortRange | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return undefined;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  return isPort(first) && isPort(last) && first <= last ? { first, last } : undefined;
}

/** One binding per container port, each paired with the host port at the same place in the host range. */
function pair(container: PortRange, host: HostSide, protocol: Protocol, fail: (m: string) => never): PortBinding[] {
  const size = container.last - container.first + 1;
  if (host.range && host.range.last - host.range.first + 1 !== size) {
    fail(
      `the host range ${rangeText(host.range)} and the container range ${rangeText(container)} differ in size ` +
        "(give as many host ports as container ports, or none to let the engine pick)",
    );
  }
  return Array.from({ length: size }, (_, i): PortBinding => {
    const binding: PortBinding = {
      containerPort: container.first + i,
      protocol,
      hostPort: host.range ? host.range.first + i : 0,
    };
    if (host.ip !== undefined) binding.hostIp = host.ip;
    return binding;
  });
}

/** A host port published twice (on an address that overlaps) is a mistake the engine would report less clearly. */
function checkDuplicates(value: unknown, bindings: readonly PortBinding[], fail: Fail): void {
  const seen = new Set<string>();
  for (const b of bindings) {
    const field = Array.isArray(value) ? "ports" : `ports.${b.containerPort}`;
    const exact = `${b.hostIp ?? ""}|${b.hostPort}|${b.containerPort}/${b.protocol}`;
    if (b.hostPort === 0 && seen.has(exact))
      fail(field, `container port ${b.containerPort}/${b.protocol} is listed twice`);
    seen.add(exact);
  }
  const hosts = bindings.filter((b) => b.hostPort !== 0);
  hosts.forEach((b, i) => {
    const clash = hosts
      .slice(0, i)
      .find(
        (o) =>
          o.hostPort === b.hostPort &&
          o.protocol === b.protocol &&
          (o.hostIp === b.hostIp || o.hostIp === undefined || b.hostIp === undefined),
      );
    if (clash) {
      const field = Array.isArray(value) ? "ports" : `ports.${b.containerPort}`;
      fail(
        field,
        `host port ${b.hostPort}/${b.protocol} is published twice ` +
          `(for container ports ${clash.containerPort} and ${b.containerPort})`,
      );
    }
  });
}

function rangeText(range: PortRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}-${range.last}`;
}

function isPort(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535;
}
