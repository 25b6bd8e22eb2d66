// Seeded generation of hostile requests for the core's fuzzing test. Every
// request is built from the seed alone, so a failing run can be replayed; the
// expectations are classes of answers (never a 5xx, never silence for a
// complete request), not recorded results.
import type { Script } from "./raw-client.js";

export const KINDS = [
  "malformed",
  "deep",
  "oversized",
  "unauthenticated",
  "invalid-payload",
  "slow",
  "aborted",
] as const;
export type Kind = (typeof KINDS)[number];

/** Relative frequency of each kind. */
const WEIGHTS: Record<Kind, number> = {
  malformed: 5,
  deep: 3,
  oversized: 1,
  unauthenticated: 5,
  "invalid-payload": 3,
  slow: 1,
  aborted: 2,
};

/** mulberry32: a small, good-enough seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class HostileRequests {
  private readonly total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);

  constructor(
    private readonly random: () => number,
    private readonly token: string,
  ) {}

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  private bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(0, 255)));
  }

  /** The head of an authorised POST, up to and including the blank line. */
  private head(path: string, headers: string[]): string {
    return `${[`POST ${path} HTTP/1.1`, "Host: core", `Authorization: Bearer ${this.token}`, ...headers].join("\r\n")}\r\n\r\n`;
  }

  private post(path: string, body: string | Buffer, headers: string[] = [], auth = true): Buffer {
    const lines = [`POST ${path} HTTP/1.1`, "Host: core", `Content-Length: ${Buffer.byteLength(body)}`];
    if (auth) lines.push(`Authorization: Bearer ${this.token}`);
    return Buffer.concat([Buffer.from(`${[...lines, ...headers].join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(body)]);
  }

  next(): { kind: Kind; script: Script } {
    let roll = this.random() * this.total;
    const kind = KINDS.find((k) => (roll -= WEIGHTS[k]) < 0) ?? "malformed";
    return { kind, script: this.build(kind) };
  }

  private build(kind: Kind): Script {
    const answerIn = 5000;
    switch (kind) {
      case "malformed":
        return { head: this.malformed(), timeoutMs: answerIn };
      case "deep": {
        const depth = this.int(65, 120_000);
        const [open, close] = this.pick([
          ["[", "]"],
          ['{"a":', "}"],
          ['[{"b":', "}]"],
        ] as const);
        const body = `{"seconds": 3600, "x": ${open.repeat(depth)}1${close.repeat(depth)}}`;
        return { head: this.post(this.pick(["/api/start", "/api/update"]), body), timeoutMs: answerIn };
      }
      case "oversized":
        return this.oversized(answerIn);
      case "unauthenticated": {
        const path = this.pick(["/api/start", "/api/stop", "/api/update", "/api/metrics", "/api/state", "/api/x"]);
        const auth = this.pick([
          "",
          "Bearer wrong",
          `Bearer ${this.token}x`,
          `Bearer ${this.token.slice(1)}`,
          "Basic Zm9v",
          `bearer  ${"z".repeat(this.int(1, 4000))}`,
        ]);
        const body = JSON.stringify({ seconds: 1, password: "p".repeat(this.int(0, 64 * 1024)) });
        const headers = auth ? [`Authorization: ${auth}`] : [];
        return { head: this.post(path, body, headers, false), timeoutMs: answerIn };
      }
      case "invalid-payload":
        return { head: this.invalidPayload(), timeoutMs: answerIn };
      case "slow":
        return this.slow();
      case "aborted": {
        const declared = this.int(1000, 500_000);
        const head = this.head("/api/update", [`Content-Length: ${declared}`]);
        const partial = `{"note": "${"a".repeat(this.int(0, 900))}`;
        return {
          head: head + partial,
          abortAfterMs: this.int(0, 50),
          timeoutMs: answerIn,
        };
      }
    }
  }

  private malformed(): string | Buffer {
    const target = this.pick([
      "//:x",
      "http://[::1",
      "//a:b/",
      "/\\\\",
      `/${"/".repeat(this.int(100, 15_000))}a`,
      "*",
      "/api/health?%zz",
      "/%00",
    ]);
    return this.pick<() => string | Buffer>([
      () => this.bytes(this.int(1, 2000)),
      () => `GET ${target} HTTP/1.1\r\nHost: core\r\n\r\n`,
      () =>
        `${this.pick(["GET", "POST", "BREW", "G\u0000T", "PUT", "DELETE", "OPTIONS"])} /api/health HTTP/${this.pick(["1.1", "9.9", "1"])}\r\n\r\n`,
      () => "GET /api/health HTTP/1.1\r\nHost core\r\nX: \u0000\r\n\r\n",
      () =>
        `POST /api/update HTTP/1.1\r\nHost: c\r\nContent-Length: ${this.pick(["abc", "-1", "1, 2", "99999999999999999999"])}\r\n\r\n{}`,
      () => "POST /api/update HTTP/1.1\r\nHost: c\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      () => "POST /api/update HTTP/1.1\r\nHost: c\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}",
      () =>
        `GET /api/health HTTP/1.1\r\n${Array.from({ length: this.int(1, 200) }, (_, i) => `X-${i}: ${"v".repeat(this.int(0, 100))}`).join("\r\n")}\r\n\r\n`,
    ])();
  }

  private oversized(answerIn: number): Script {
    const variant = this.int(0, 3);
    if (variant === 0) {
      const declared = this.int(1024 * 1024 + 1, 50 * 1024 * 1024);
      const head = this.head("/api/update", [`Content-Length: ${declared}`]);
      return {
        head: Buffer.concat([Buffer.from(head), Buffer.alloc(64 * 1024, 0x20)]),
        timeoutMs: answerIn,
      };
    }
    if (variant === 1) {
      const chunk = `{"note": "${"n".repeat(300 * 1024)}`;
      const head = `POST /api/update HTTP/1.1\r\nHost: c\r\nAuthorization: Bearer ${this.token}\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const pieces = Array.from({ length: 5 }, () => ({
        delayMs: 0,
        data: `${chunk.length.toString(16)}\r\n${chunk}\r\n`,
      }));
      return { head, pieces, timeoutMs: answerIn };
    }
    if (variant === 2)
      return {
        head: `GET /api/health HTTP/1.1\r\nHost: c\r\nX-Big: ${"h".repeat(this.int(17_000, 80_000))}\r\n\r\n`,
        timeoutMs: answerIn,
      };
    return {
      head: this.post("/api/start", JSON.stringify({ seconds: "1".repeat(this.int(128 * 1024, 1000 * 1024)) })),
      timeoutMs: answerIn,
    };
  }

  private invalidPayload(): Buffer {
    return this.pick<() => Buffer>([
      () => this.post("/api/start", JSON.stringify({ seconds: `36${this.pick(["\u0000", "00\u0000"])}` })),
      () => this.post("/api/start", JSON.stringify({ seconds: "3".repeat(this.int(128 * 1024, 200 * 1024)) })),
      () => this.post("/api/start", JSON.stringify({ other: "x" })),
      () => this.post("/api/start", this.pick(["[1,2]", "null", "42", '"s"', "{bad", '{"seconds": 1,}', "\u0000"])),
      () => this.post("/api/start", this.bytes(this.int(1, 3000))),
      () =>
        this.post(
          "/api/update",
          JSON.stringify({ [`k\u001b[2J${this.int(0, 99)}`]: "\r\n\u0007".repeat(this.int(1, 500)) }),
        ),
      () => this.post("/api/update", "{}"),
    ])();
  }

  private slow(): Script {
    const head = this.pick([
      "G",
      "GET /api/health HTTP/1.1\r\n",
      "POST /api/update HTTP/1.1\r\nHost: c\r\nContent-Length: 1000\r\n\r\n{",
    ]);
    const pieces = Array.from({ length: this.int(2, 6) }, () => ({ delayMs: this.int(100, 500), data: "X" }));
    return { head, pieces, abortAfterMs: this.int(0, 200), timeoutMs: 5000 };
  }
}
