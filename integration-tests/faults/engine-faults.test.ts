// Issue 10, "Engine faults": boss start of a three-service graph through a
// fault-injecting proxy in front of the engine's socket (engine-proxy.ts),
// with BOSS_ENGINE_TIMEOUT=2. A clean start through the proxy is counted
// first; then, for each fault kind, each request of that start (named by its
// kind and its place among requests of that kind) gets the fault in its own run. Each run must end with exit 3 (engine) or 1 (a
// service failed) and a clear last line, no stack trace — or, where boss
// rode over the fault, exit 0 having done the whole command — and the next
// start through the real socket must converge. The same for a stop of the
// running group (connection reset and 500).
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it, type TestContext } from "node:test";
import {
  busybox,
  containersOf,
  engineUnavailable,
  runBoss,
  uniqueGroup,
  type BossRun,
  removeGroup,
} from "../harness.js";
import { EngineProxy, type Fault, type ProxiedRequest } from "./engine-proxy.js";
import { convergenceProblems, stackLine } from "./fault-harness.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

const skip = await engineUnavailable();
const services = ["db", "web", "app"] as const;
const realEngine = "unix:///var/run/docker.sock";
/** Far longer than a start with one stalled call should take with BOSS_ENGINE_TIMEOUT=2: a run still going then hangs. */
const hangMs = 25_000;
/** A lane stops after this many hung runs (each costs hangMs): boss does not bound its engine calls. */
const maxHangs = 2;

/** db (its ping reads the container's log; its postStart sets db_host), web, and app (needs both, and db_host). */
function servicesFile(group: string): string {
  return `import { Service, Context, group, waitFor } from "boss";
group(${JSON.stringify(group)});
const busybox = ${JSON.stringify(busybox)};
const serve = (name: string) => ["sh", "-c", \`echo \${name} up; mkdir -p /www && echo ok > /www/index.html && httpd -p 80 -h /www && trap "exit 0" TERM INT && while true; do sleep 0.1; done\`];
export class Db extends Service {
  name = "db"; image = busybox; cmd = serve("db");
  ping = waitFor.log(/db up/);
  async postStart() { Context.set("db_host", "db"); }
}
export class Web extends Service { name = "web"; image = busybox; cmd = serve("web"); async ping() { return true; } }
export class App extends Service { name = "app"; image = busybox; cmd = serve("app"); dependencies = ["db", "web"]; env = { DB_HOST: "{db_host}" }; }
`;
}

interface Lane {
  group: string;
  dir: string;
  proxy: EngineProxy;
}

const lanes: Lane[] = [];

async function makeLane(name: string): Promise<Lane> {
  const group = uniqueGroup(`ef-${name}`);
  const dir = makeTempDir("boss-fault-").path;
  await writeFile(join(dir, "boss.ts"), servicesFile(group));
  const lane = { group, dir, proxy: await EngineProxy.start() };
  lanes.push(lane);
  return lane;
}

function throughProxy(lane: Lane, command: string): Promise<BossRun> {
  const env = { DOCKER_HOST: lane.proxy.dockerHost, BOSS_ENGINE_TIMEOUT: "2" };
  return runBoss(lane.dir, [command], { env, timeoutMs: hangMs });
}

const viaRealSocket = (lane: Lane, command: string): Promise<BossRun> =>
  runBoss(lane.dir, [command], { env: { DOCKER_HOST: realEngine }, timeoutMs: 60_000 });

/** A stop that says it succeeded left every container of the group stopped. */
async function stoppedProblems(group: string): Promise<string[]> {
  const running = (await containersOf(group)).filter((c) => c.State === "running");
  return running.map((c) => `${c.Labels["boss.service"]} is still running`);
}

const lastLine = (text: string): string => text.trim().split("\n").at(-1) ?? "";

/** What is wrong with how a faulted run ended (empty: a clear ending). */
function endingProblems(run: BossRun, command: "start" | "stop", fault: Fault): string[] {
  if (run.signal === "SIGKILL") return [`still running after ${hangMs / 1000} s: ${lastLine(run.output)}`];
  const problems: string[] = [];
  if (stackLine.test(run.output))
    problems.push(`a stack trace: ${run.output.split("\n").find((l) => stackLine.test(l))}`);
  if (run.code === 3) {
    // One clear line naming the engine, and nothing else on stderr.
    const lines = run.stderr.split("\n").filter((line) => line.trim());
    if (lines.length !== 1 || !/engine/i.test(lines[0] ?? ""))
      problems.push(`exit 3 without one line naming the engine on stderr: ${lines.join(" | ") || "(nothing)"}`);
  } else if (run.code === 1) {
    // A service failed (its summary line), or the command did (one error line).
    if (!/^failed: \S+ — ./m.test(run.stdout) && !/^boss: ./.test(lastLine(run.stderr)))
      problems.push(`exit 1 without a "failed: <service> — why" or "boss: …" line: ${lastLine(run.output)}`);
  } else if (run.code !== 0) {
    problems.push(`exit ${run.code}: ${lastLine(run.output)}`);
  }
  // Exit code and words agree: a run that says it lost the engine exits 3 (the contract: "also when it goes away mid-command").
  if (/lost the Docker engine|did not answer within/.test(run.output) && run.code !== 3)
    problems.push(`says the engine was lost, but exits ${run.code}: ${lastLine(run.output)}`);
  // Every stop here begins with the whole group running.
  if (command === "stop" && /^nothing was running$/m.test(run.stdout))
    problems.push(`says "nothing was running" of a running group`);
  // The engine's own message, where it sent one, reaches the user.
  if (fault === "500" && run.code !== 0 && !run.output.includes("injected"))
    problems.push(`the engine's message ("injected") is not shown: ${lastLine(run.output)}`);
  return problems;
}

function describeRequest(r: ProxiedRequest | undefined): string {
  if (!r) return "(not reached)";
  return `${r.signature.replace(/\?.*$/, "")}${r.occurrence > 1 ? ` (#${r.occurrence} of its kind)` : ""}`;
}

interface Tally {
  /** Requests whose fault boss rode over (exit 0, converged). */
  rodeOver: string[];
  injected: number;
  handled: number;
  notReached: number;
  exits: Map<string, number>;
  failures: string[];
}

/**
 * `command` (start, or stop of a started group) through the proxy: once
 * clean to count its requests, then once per request index with `fault` at it.
 */
async function runLane(t: TestContext, command: "start" | "stop", fault: Fault): Promise<Tally> {
  const lane = await makeLane(`${command}-${fault}`);
  const reset = async (): Promise<void> => {
    await removeGroup(lane.group, lane.dir, { keepDir: true, keepImages: true });
    if (command === "stop") {
      const start = await viaRealSocket(lane, "start");
      assert.equal(start.code, 0, start.output);
    }
  };
  // A clean run can itself time out on a busy engine (a container start over 2 s): up to three tries.
  let clean: BossRun | undefined;
  for (let attempt = 1; attempt <= 3 && clean?.code !== 0; attempt++) {
    await reset();
    await lane.proxy.clear();
    clean = await throughProxy(lane, command);
  }
  assert.equal(clean?.code, 0, clean?.output);
  const total = lane.proxy.requests.length;
  t.diagnostic(`a clean ${command} made ${total} requests: ${lane.proxy.requests.map(describeRequest).join(", ")}`);

  const tally: Tally = { rodeOver: [], injected: 0, handled: 0, notReached: 0, exits: new Map(), failures: [] };
  let hangs = 0;
  // Each request of the clean run, named by its kind and its place among its kind (the order of
  // requests of services started side by side changes from run to run; what each one is does not).
  const targets = lane.proxy.requests.map((r) => ({ signature: r.signature, occurrence: r.occurrence }));
  for (const [index, at] of targets.entries()) {
    if (hangs >= maxHangs) {
      tally.failures.push(`stopped after ${hangs} runs that hung: ${targets.length - index} requests not tried`);
      break;
    }
    await reset();
    await lane.proxy.inject(fault, at);
    const run = await throughProxy(lane, command);
    const request = lane.proxy.injected;
    await lane.proxy.clear();
    if (!request) {
      tally.notReached++;
      continue;
    }
    tally.injected++;
    if (run.signal === "SIGKILL") hangs++;
    const exit = String(run.code ?? run.signal);
    tally.exits.set(exit, (tally.exits.get(exit) ?? 0) + 1);
    const problems = endingProblems(run, command, fault);
    // Where boss rode over the fault (exit 0), it must have done the whole command.
    if (run.code === 0) {
      const done =
        command === "start"
          ? await convergenceProblems({ ...lane, services, contextKeys: ["db_host"] })
          : await stoppedProblems(lane.group);
      problems.push(...done.map((p) => `after exit 0: ${p}`));
    }
    const next = await viaRealSocket(lane, "start");
    if (next.code !== 0) problems.push(`the next start exited ${next.code}: ${lastLine(next.output)}`);
    problems.push(...(await convergenceProblems({ ...lane, services, contextKeys: ["db_host"] })));
    if (run.code === 0 && problems.length === 0) tally.rodeOver.push(describeRequest(request));
    if (problems.length === 0) tally.handled++;
    else tally.failures.push(`${fault} at ${describeRequest(request)} (exit ${exit}): ${problems.join("; ")}`);
  }
  await removeGroup(lane.group, lane.dir, { keepDir: true, keepImages: true });
  return tally;
}

// Four lanes at a time: more load the engine so that its container starts pass BOSS_ENGINE_TIMEOUT=2.
describe("engine faults at every request of a start or a stop", { skip, concurrency: 4, timeout: 600_000 }, () => {
  after(async () => {
    for (const lane of lanes) {
      await lane.proxy.close();
      await removeGroup(lane.group, lane.dir);
    }
  });

  // A stop's own calls (POST /containers/…/stop) rightly take as long as the container needs: no stall there.
  for (const [command, fault] of [
    ["start", "reset"],
    ["start", "500"],
    ["start", "stall"],
    ["start", "lost"],
    ["start", "gone"],
    ["stop", "reset"],
    ["stop", "500"],
  ] as const) {
    it(`${command}, ${fault}: each ends with exit 3 or 1 and a clear line, and the next start converges`, async (t) => {
      const tally = await runLane(t, command, fault);
      const exits = [...tally.exits].map(([code, n]) => `${code}×${n}`).join(" ");
      t.diagnostic(
        `${command}/${fault}: faults injected ${tally.injected}, handled ${tally.handled}; exits ${exits}; requests not reached ${tally.notReached}`,
      );
      if (tally.rodeOver.length) t.diagnostic(`${command}/${fault}: exit 0 and done at ${tally.rodeOver.join(", ")}`);
      for (const failure of tally.failures) t.diagnostic(failure);
      assert.deepEqual(tally.failures, []);
      assert.equal(tally.handled, tally.injected);
      assert.ok(tally.injected > 0);
    });
  }
});
