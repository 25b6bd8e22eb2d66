// The fuzzer, run as its own process by fuzz.test.ts so that its load does
// not delay the test's own health probes: sends seeded hostile requests from
// a few concurrent loops while holding a pool of idle and half-open
// connections, then prints one JSON line of figures.
//   node --import tsx fuzzer.ts '{"port":…,"token":…,"seed":…,"requests":…,"maxMs":…,"concurrency":…,"held":…}'
import type { Socket } from "node:net";
import { HostileRequests, KINDS, seededRandom, type Kind } from "./hostile-requests.js";
import { exchange, hold, type Outcome } from "./raw-client.js";

export interface FuzzPlan {
  port: number;
  token: string;
  seed: number;
  requests: number;
  maxMs: number;
  concurrency: number;
  held: number;
}

export interface FuzzFigures {
  sent: Record<Kind, number>;
  outcomes: Record<Kind, Record<string, number>>;
  /** Held connections opened (the pool is refilled as the core times them out). */
  heldOpened: number;
  ms: number;
}

const HOLD_EVERY_MS = 10;
const HOLD_HEADS = [
  "",
  "GET /api/health HTTP/1.1\r\nHost: c\r\n",
  "POST /api/update HTTP/1.1\r\nHost: c\r\nContent-Length: 5000\r\n\r\n{",
];

async function main(plan: FuzzPlan): Promise<FuzzFigures> {
  const started = Date.now();
  const random = seededRandom(plan.seed);
  const requests = new HostileRequests(random, plan.token);
  const sent = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const outcomes = Object.fromEntries(KINDS.map((k) => [k, {}])) as Record<Kind, Record<string, number>>;
  let heldOpened = 0;
  let opening = 0;
  const pool = new Set<Socket>();

  // One connection every HOLD_EVERY_MS while the pool is short: the pool fills
  // (and refills, as the core times connections out) at a steady pace. Opened
  // all at once, 300 connections would also expire all at once, and a burst
  // of 300 accepts and closes held up health answers by up to ~120 ms (2 cores).
  const filler = setInterval(() => {
    if (pool.size + opening >= plan.held) return;
    opening++;
    void hold(plan.port, HOLD_HEADS[heldOpened++ % HOLD_HEADS.length]!).then((socket) => {
      opening--;
      if (!socket) return;
      pool.add(socket);
      socket.once("close", () => pool.delete(socket));
    });
  }, HOLD_EVERY_MS);

  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < plan.requests && Date.now() - started < plan.maxMs) {
      issued++;
      const { kind, script } = requests.next();
      sent[kind]++;
      const outcome: Outcome = await exchange(plan.port, script);
      const key = String(outcome);
      outcomes[kind][key] = (outcomes[kind][key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  clearInterval(filler);
  for (const socket of pool) socket.destroy();
  return { sent, outcomes, heldOpened, ms: Date.now() - started };
}

const plan = JSON.parse(process.argv[2] ?? "{}") as FuzzPlan;
main(plan).then(
  (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
  (error: unknown) => {
    process.stderr.write(`fuzzer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
