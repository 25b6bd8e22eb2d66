// Issue 10, "Safe concurrent use": several boss commands on one group at the
// same moment. One boss at a time per group (the others wait, saying for whom,
// and give up with exit 4 after --wait / BOSS_LOCK_WAIT); read-only commands
// never wait; a lock left by a killed boss is taken over at once; and the
// engine state stays single: one network, one container per service.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it, type TestContext } from "node:test";
import {
  busybox,
  containersOf,
  docker,
  engineUnavailable,
  networksOf,
  runBoss,
  uniqueGroup,
  removeGroup,
} from "../harness.js";
import { convergenceProblems, runBossWatched, stackLine, statusProblems, type WatchedRun } from "./fault-harness.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

const skip = await engineUnavailable();
const services = ["db", "web", "app"] as const;
const defaultHost = "unix:///var/run/docker.sock";

/**
 * db, web and app (app needs both, and {db_host} from db's postStart). Every
 * ping and postStart is recorded with its container id in hooks.log. db's ping
 * first sleeps SLOW_PING_MS (the env of the boss that loads the file), so a
 * test can hold a start — and its lock — for as long as it needs.
 */
function servicesFile(group: string): string {
  return `import { Service, Context, group } from "boss";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
group(${JSON.stringify(group)});
const busybox = ${JSON.stringify(busybox)};
const record = (event: string) => appendFileSync(join(process.cwd(), "hooks.log"), event + "\\n");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const serve = ["sh", "-c", 'mkdir -p /www && echo ok > /www/index.html && httpd -p 80 -h /www && trap "exit 0" TERM INT && while true; do sleep 0.1; done'];
const pinged: Record<string, string> = {};
abstract class Recorded extends Service {
  image = busybox;
  cmd = serve;
  async ping(target: { containerId: string }) {
    pinged[this.name] = target.containerId;
    record(\`ping \${this.name} \${target.containerId}\`);
    return true;
  }
  async postStart() { record(\`postStart \${this.name} \${pinged[this.name]}\`); }
}
export class Db extends Recorded {
  name = "db";
  override async ping(target: { containerId: string }) {
    await sleep(Number(process.env.SLOW_PING_MS ?? 0));
    return super.ping(target);
  }
  override async postStart() {
    await super.postStart();
    Context.set("db_host", "db-" + (pinged.db ?? "").slice(0, 12));
  }
}
export class Web extends Recorded { name = "web"; }
export class App extends Recorded { name = "app"; dependencies = ["db", "web"]; env = { DB_HOST: "{db_host}" }; }
`;
}

interface Project {
  group: string;
  dir: string;
}

const made: Project[] = [];

async function project(group = uniqueGroup("conc")): Promise<Project> {
  const dir = makeTempDir("boss-fault-").path;
  await writeFile(join(dir, "boss.ts"), servicesFile(group));
  const p = { group, dir };
  made.push(p);
  return p;
}

const boss = (p: Project, args: string[], env: NodeJS.ProcessEnv = {}): Promise<WatchedRun> =>
  runBossWatched(p.dir, [...args, "--json"], { env, timeoutMs: 180_000 });

const waitingNotice = /^waiting for boss (\w+) \(pid (\d+)\) on group (\S+?)…?$/;

/** What is wrong with a run that had to share the group: exit 0, or 4 having given up; no stack trace. */
function runProblems(run: WatchedRun, others: WatchedRun[], group: string): string[] {
  const problems: string[] = [];
  const label = `pid ${run.pid}`;
  if (run.code !== 0 && run.code !== 4) problems.push(`${label} exited ${run.code}: ${tail(run.output)}`);
  if (run.code === 4 && !/gave up waiting/.test(run.output))
    problems.push(`${label} exited 4 without "gave up waiting"`);
  if (stackLine.test(run.output)) problems.push(`${label} printed a stack trace: ${tail(run.stderr)}`);
  // Whoever waited said for whom: another of these runs, on this group.
  for (const notice of run.events.filter((e) => e.type === "notice" && e.message?.startsWith("waiting for"))) {
    const match = waitingNotice.exec(notice.message ?? "");
    if (!match) problems.push(`${label}: notice not as documented: ${notice.message}`);
    else if (match[3] !== group) problems.push(`${label} waited on group ${match[3]}`);
    else if (!others.some((o) => String(o.pid) === match[2]))
      problems.push(`${label} waited for pid ${match[2]}, not one of the others`);
  }
  return problems;
}

function tail(text: string, n = 4): string {
  return text.trim().split("\n").slice(-n).join(" | ");
}

/** Extra containers (beyond one per service) and networks (beyond one) of the group. */
async function duplicates(group: string): Promise<{ containers: number; networks: number }> {
  const containers = await containersOf(group);
  const perService = new Map<string, number>();
  for (const c of containers)
    perService.set(c.Labels["boss.service"] ?? "", (perService.get(c.Labels["boss.service"] ?? "") ?? 0) + 1);
  const extra = [...perService.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const name = `boss-${group}`;
  const named = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  const networks = Math.max((await networksOf(group)).length, named.length);
  return { containers: extra, networks: Math.max(0, networks - 1) };
}

/**
 * A start whose db ping takes `ms` (SLOW_PING_MS), so it holds the group's
 * lock that long; resolves once db is being pinged (the lock is held then).
 */
async function holdGroup(
  p: Project,
  ms: number,
  env: NodeJS.ProcessEnv = {},
): Promise<{ pid: number; heldSince: number; done: Promise<WatchedRun> }> {
  let held: (pid: number) => void = () => {};
  const pid = new Promise<number>((resolve) => (held = resolve));
  const done = runBossWatched(p.dir, ["start", "--json"], {
    env: { ...env, SLOW_PING_MS: String(ms) },
    timeoutMs: ms + 100_000,
    onEvent: (event, bossPid) => {
      if (event.type === "phase" && event.service === "db" && event.phase === "pinging") held(bossPid);
    },
  });
  const first = await Promise.race([pid, done.then((run) => assert.fail(`the holding start ended: ${run.output}`))]);
  return { pid: first, heldSince: Date.now(), done };
}

const figures = { runs: 0, exits: new Map<string, number>(), duplicateContainers: 0, duplicateNetworks: 0 };

function count(runs: WatchedRun[]): void {
  figures.runs += runs.length;
  for (const r of runs) {
    const key = String(r.code ?? r.signal);
    figures.exits.set(key, (figures.exits.get(key) ?? 0) + 1);
  }
}

async function countDuplicates(t: TestContext, group: string): Promise<void> {
  const found = await duplicates(group);
  figures.duplicateContainers += found.containers;
  figures.duplicateNetworks += found.networks;
  if (found.containers || found.networks)
    t.diagnostic(`duplicates: ${found.containers} extra containers, ${found.networks} extra networks`);
}

describe("concurrent boss commands on one group", { skip, timeout: 400_000 }, () => {
  after(async () => {
    for (const p of made) await removeGroup(p.group, p.dir);
  });

  for (const n of [2, 4, 8]) {
    it(`${n} simultaneous boss start in one folder: all exit 0 or 4, then one network, one container per service, all ready`, async (t) => {
      const p = await project();
      const runs = await Promise.all(Array.from({ length: n }, () => boss(p, ["start"])));
      count(runs);
      await countDuplicates(t, p.group);
      const problems = runs.flatMap((r) =>
        runProblems(
          r,
          runs.filter((o) => o !== r),
          p.group,
        ),
      );
      t.diagnostic(
        `exits: ${runs.map((r) => r.code ?? r.signal).join(" ")}; waited: ${runs.filter((r) => r.events.some((e) => e.message?.startsWith("waiting for"))).length}`,
      );
      problems.push(
        ...(await convergenceProblems({ ...p, services, contextKeys: ["db_host"], postStartOncePerContainer: true })),
        ...(await statusProblems(p.dir, services)),
      );
      assert.deepEqual(problems, []);
      assert.ok(
        runs.some((r) => r.code === 0),
        "no run succeeded",
      );
    });
  }

  it("a start racing a stop or a stop --remove, five rounds: no duplicates, exits 0 or 4, and the next start converges", async (t) => {
    const p = await project();
    const problems: string[] = [];
    // From nothing, then from a running group: at the same moment, and with the start 300 ms later.
    const rounds: Array<[number, string[]]> = [
      [0, ["stop"]],
      [0, ["stop"]],
      [300, ["stop"]],
      [0, ["stop", "--remove"]],
      [300, ["stop", "--remove"]],
    ];
    for (const [round, [startDelay, stopArgs]] of rounds.entries()) {
      if (round > 0) {
        const start = await boss(p, ["start"]);
        assert.equal(start.code, 0, start.output);
      }
      const [stop, start] = await Promise.all([
        boss(p, stopArgs),
        new Promise<void>((resolve) => setTimeout(resolve, startDelay)).then(() => boss(p, ["start"])),
      ]);
      count([stop, start]);
      await countDuplicates(t, p.group);
      t.diagnostic(`round ${round + 1}: ${stopArgs.join(" ")} exited ${stop.code}, start exited ${start.code}`);
      problems.push(...runProblems(stop, [start], p.group), ...runProblems(start, [stop], p.group));
      const found = await duplicates(p.group);
      if (found.containers || found.networks) problems.push(`round ${round + 1}: duplicates ${JSON.stringify(found)}`);
      const again = await boss(p, ["start"]);
      if (again.code !== 0)
        problems.push(`round ${round + 1}: the next start exited ${again.code}: ${tail(again.output)}`);
      problems.push(
        ...(
          await convergenceProblems({ ...p, services, contextKeys: ["db_host"], postStartOncePerContainer: true })
        ).map((problem) => `round ${round + 1}: ${problem}`),
      );
    }
    problems.push(...(await statusProblems(p.dir, services)));
    assert.deepEqual(problems, []);
  });

  it("two folders naming the same group, started at once: one network, one container per service, both ready", async (t) => {
    const first = await project();
    const second = await project(first.group);
    const runs = await Promise.all([boss(first, ["start"]), boss(second, ["start"])]);
    count(runs);
    await countDuplicates(t, first.group);
    t.diagnostic(`exits: ${runs.map((r) => r.code ?? r.signal).join(" ")}`);
    const problems = runs.flatMap((r) =>
      runProblems(
        r,
        runs.filter((o) => o !== r),
        first.group,
      ),
    );
    // Each folder has its own .boss-context; each must hold the running containers as ready.
    for (const p of [first, second])
      problems.push(
        ...(await convergenceProblems({ ...p, services, contextKeys: ["db_host"], postStartOncePerContainer: true })),
        ...(await statusProblems(p.dir, services)),
      );
    assert.deepEqual(problems, []);
  });

  it("a second start waits for the first, says for whom, and gives up with exit 4 after --wait or BOSS_LOCK_WAIT; read-only commands do not wait", async () => {
    const p = await project();
    const { pid: holderPid, heldSince, done: holder } = await holdGroup(p, 20_000);

    const byFlag = await boss(p, ["start", "--wait", "1"]);
    const byEnv = await boss(p, ["start"], { BOSS_LOCK_WAIT: "1" });
    const readOnly = await Promise.all([
      runBoss(p.dir, ["status", "--json"]),
      runBoss(p.dir, ["graph"]),
      runBoss(p.dir, ["env"]),
      runBoss(p.dir, ["logs", "db"]),
    ]);
    const readOnlyDone = Date.now();
    const first = await holder;
    count([byFlag, byEnv, first]);

    for (const [how, run] of [
      ["--wait 1", byFlag],
      ["BOSS_LOCK_WAIT=1", byEnv],
    ] as const) {
      assert.equal(run.code, 4, `${how}: ${run.output}`);
      assert.match(run.output, /gave up waiting/, how);
      assert.doesNotMatch(run.output, stackLine, how);
      const notice = run.events.find((e) => e.type === "notice" && e.message?.startsWith("waiting for"));
      assert.equal(
        notice?.message?.replace(/…$/, ""),
        `waiting for boss start (pid ${holderPid}) on group ${p.group}`,
        `${how}: ${run.output}`,
      );
    }
    for (const run of readOnly) {
      assert.notEqual(run.code, 4, run.output);
      assert.doesNotMatch(run.output, /waiting for boss/, run.output);
    }
    assert.ok(
      readOnlyDone - heldSince < 15_000,
      `the read-only commands took ${readOnlyDone - heldSince} ms while the lock was held: they waited`,
    );
    assert.equal(first.code, 0, first.output);
    assert.deepEqual(await convergenceProblems({ ...p, services, postStartOncePerContainer: true }), []);
  });

  it(
    "the lock is the engine's: DOCKER_HOST unset and DOCKER_HOST=unix:///var/run/docker.sock wait for each other",
    {
      skip:
        process.env.DOCKER_HOST && process.env.DOCKER_HOST !== defaultHost ? "DOCKER_HOST names another engine" : false,
    },
    async () => {
      const p = await project();
      const holder = await holdGroup(p, 15_000, { DOCKER_HOST: undefined });
      const other = await boss(p, ["start", "--wait", "1"], { DOCKER_HOST: defaultHost });
      const first = await holder.done;
      count([other, first]);
      const problems: string[] = [];
      if (first.code !== 0) problems.push(`the first start exited ${first.code}: ${tail(first.output)}`);
      if (other.code !== 4) problems.push(`the second did not wait, it exited ${other.code}: ${tail(other.output, 2)}`);
      const notice = other.events.find((e) => e.type === "notice" && e.message?.startsWith("waiting for"))?.message;
      const expected = `waiting for boss start (pid ${holder.pid}) on group ${p.group}`;
      if (notice?.replace(/…$/, "") !== expected) problems.push(`notice ${JSON.stringify(notice)}, not "${expected}…"`);
      problems.push(...(await convergenceProblems({ ...p, services, postStartOncePerContainer: true })));
      assert.deepEqual(problems, []);
    },
  );

  it("a lock left by a killed boss is taken over at once", async () => {
    const p = await project();
    const killed = await runBossWatched(p.dir, ["start", "--json"], {
      env: { SLOW_PING_MS: "60000" },
      timeoutMs: 120_000,
      signal: "SIGKILL",
      signalWhen: (e) => e.type === "phase" && e.service === "db" && e.phase === "pinging",
    });
    assert.equal(killed.signal, "SIGKILL", killed.output);
    const began = Date.now();
    const next = await boss(p, ["start", "--wait", "5"]);
    count([killed, next]);
    assert.equal(next.code, 0, next.output);
    assert.ok(
      !next.events.some((e) => e.type === "notice" && e.message?.startsWith("waiting for")),
      `waited on a dead boss's lock: ${next.output}`,
    );
    assert.ok(Date.now() - began < 30_000);
    assert.deepEqual(
      await convergenceProblems({ ...p, services, contextKeys: ["db_host"], postStartOncePerContainer: true }),
      [],
    );
  });

  it("figures", (t) => {
    const exits = [...figures.exits].map(([code, n]) => `${code}×${n}`).join(" ");
    t.diagnostic(
      `concurrent runs ${figures.runs} (exits ${exits}); duplicates found: ${figures.duplicateContainers} containers, ${figures.duplicateNetworks} networks`,
    );
  });
});
