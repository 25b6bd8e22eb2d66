// Issue 10, "Volumes that keep data" and "Stops and failures that keep what
// matters": files written into a named volume (`data:/data`), an image's
// anonymous volume (VOLUME /anon) and a bare container path (`/cache`) survive
// a recreate (env changed), a reload and a stop + start; a named volume
// survives `stop --remove`, and only `stop --remove --volumes` removes it. A
// replaced container gets the image's STOPSIGNAL (it writes which signal it
// got into /data/signals), never SIGKILL. A failed service's container is kept
// so `boss logs` shows why.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual, promisify } from "node:util";
import { execFile } from "node:child_process";
import { after, before, describe, it, type TestContext } from "node:test";
import { busybox, containersOf, docker, engineUnavailable, runBoss, uniqueGroup } from "../harness.js";
import {
  atLeastOnceWindow,
  convergenceProblems,
  hookLog,
  removeGroup,
  runBossWatched,
  stackLine,
  type BossEvent,
  type WatchedRun,
} from "./fault-harness.js";

/** The n-th (0-based) phase event `phase` of store. */
interface KillAt {
  phase: string;
  occurrence: number;
}

function at(point: KillAt): (event: BossEvent) => boolean {
  let seen = 0;
  return (e) => e.type === "phase" && e.service === "store" && e.phase === point.phase && seen++ === point.occurrence;
}

const skip = await engineUnavailable();
const run = promisify(execFile);

/** Runs `script` with sh in the container and returns what it printed. */
async function sh(containerId: string, script: string): Promise<string> {
  const exec = await docker
    .getContainer(containerId)
    .exec({ Cmd: ["sh", "-c", script], AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => stream.on("end", resolve));
  return text.replace(/\r\n/g, "\n");
}

interface Mount {
  type: string;
  name: string;
}

async function mountsOf(containerId: string): Promise<Record<string, Mount>> {
  const info = await docker.getContainer(containerId).inspect();
  const mounts = (info.Mounts ?? []) as Array<{ Destination: string; Type: string; Name?: string }>;
  return Object.fromEntries(mounts.map((m) => [m.Destination, { type: m.Type, name: m.Name ?? "" }]));
}

/** What /data/f, /anon/f and /cache/f hold ("" when missing). */
async function readFiles(id: string): Promise<Record<string, string>> {
  const text = await sh(id, 'for f in /data/f /anon/f /cache/f; do echo "$f=$(cat $f 2>/dev/null)"; done');
  return Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

async function volumeExists(name: string): Promise<boolean> {
  return docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

describe("data in volumes survives recreate, reload, stop and stop --remove", { skip, timeout: 300_000 }, () => {
  const group = uniqueGroup("data");
  const image = `boss-fault-data:${group}`;
  const testLabel = `boss.fault-test=${group}`;
  const named = `${group}_data`;
  const anonymous = new Set<string>();
  let dir = "";
  let checks = 0;
  let passed = 0;
  /** The store's container as the last step left it. */
  let id = "";
  /** What the last write() put into the three volumes. */
  let written: Record<string, string> = {};

  /** The services file, with `edition` as an env value (changing it recreates the container). */
  const servicesFile = (edition: string): string => `import { Service, group } from "boss";
group(${JSON.stringify(group)});
// Each container has a token (in /tmp/token); each stop signal it gets is written into the named volume with it.
const note = (signal: string) => \`trap 'echo ${"$"}{signal} $token >> /data/signals; exit 0' ${"$"}{signal}\`;
export class Store extends Service {
  name = "store";
  image = ${JSON.stringify(image)};
  buildFrom = "./store";
  volumes = ["data:/data", "/cache"];
  env = { EDITION: ${JSON.stringify(edition)} };
  cmd = ["sh", "-c", ["token=$(cat /proc/sys/kernel/random/uuid)", "echo $token > /tmp/token", note("USR1"), note("TERM"), note("INT"), "while true; do sleep 0.1; done"].join("; ")];
}
`;

  const boss = (...args: string[]): Promise<WatchedRun> =>
    runBossWatched(dir, [...args, "--json"], { timeoutMs: 120_000 });

  /** The container of the step before; an empty id means that step failed. */
  function current(): string {
    assert.ok(id, "an earlier step failed: no container to check");
    return id;
  }

  /** The service's only container (asserting there is one). */
  async function store(): Promise<string> {
    const found = await containersOf(group, "store");
    assert.equal(found.length, 1, `store: ${found.length} containers`);
    for (const mount of Object.values(await mountsOf(found[0]?.Id ?? "")))
      if (mount.type === "volume" && mount.name !== named) anonymous.add(mount.name);
    return found[0]?.Id ?? "";
  }

  /** What the three files hold now ("" when missing). */
  const files = readFiles;

  /**
   * Writes a file into each volume, new text for each step, so a step's check
   * does not depend on what an earlier step lost.
   */
  async function write(containerId: string, step: string): Promise<void> {
    written = { "/data/f": `named ${step}`, "/anon/f": `anon ${step}`, "/cache/f": `cache ${step}` };
    await sh(
      containerId,
      Object.entries(written)
        .map(([path, text]) => `echo "${text}" > ${path}`)
        .join(" && "),
    );
    assert.deepEqual(await files(containerId), written, `writing the files (${step})`);
  }

  /**
   * One soft check: a problem is noted (with what was found) and the step goes
   * on, so one run shows everything a step got wrong. Counted for the figures.
   */
  function check(problems: string[], actual: unknown, expected: unknown, what: string): void {
    checks++;
    if (isDeepStrictEqual(actual, expected)) passed++;
    else problems.push(`${what}: found ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }

  /** A running container's token, to find the signals it wrote once it is stopped. */
  const tokenOf = async (containerId: string): Promise<string> => (await sh(containerId, "cat /tmp/token")).trim();

  /** The stop signals the container with `token` wrote into /data/signals (read through the current container). */
  async function signalsOf(currentId: string, token: string): Promise<string[]> {
    assert.ok(token);
    const text = await sh(currentId, "cat /data/signals 2>/dev/null");
    return text
      .split("\n")
      .filter((line) => line.endsWith(` ${token}`))
      .map((line) => line.split(" ")[0] ?? "");
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "boss-fault-"));
    await mkdir(join(dir, "store"));
    await writeFile(
      join(dir, "store", "Dockerfile"),
      `FROM ${busybox}\nLABEL ${testLabel}\nVOLUME /anon\nSTOPSIGNAL SIGUSR1\n`,
    );
    await writeFile(join(dir, "boss.ts"), servicesFile("1"));
  });
  after(async () => {
    await removeGroup(group, dir, { imageLabel: testLabel, volumes: anonymous });
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => {});
  });

  it("start: /data is the named volume <group>_data, labelled; /anon and /cache are anonymous volumes", async () => {
    const start = await boss("start");
    assert.equal(start.code, 0, start.output);
    id = await store();
    // Written first, so that the later steps check what happens to the data even when these mounts are wrong.
    await write(id, "first");
    const mounts = await mountsOf(id);
    const problems: string[] = [];
    check(problems, mounts["/data"], { type: "volume", name: named }, `/data is not the named volume ${named}`);
    const volume = await docker
      .getVolume(named)
      .inspect()
      .catch(() => undefined);
    check(problems, volume?.Labels?.["boss.group"], group, `the volume's boss.group label`);
    check(problems, volume?.Labels?.["boss.volume"], "data", `the volume's boss.volume label`);
    for (const path of ["/anon", "/cache"]) check(problems, mounts[path]?.type, "volume", `${path} is not a volume`);
    assert.deepEqual(problems, [], JSON.stringify(mounts));
  });

  it("an env change recreates the container: its anonymous volumes are carried over, the old one got STOPSIGNAL", async () => {
    const before = await mountsOf(current());
    const token = await tokenOf(id);
    await write(id, "recreate");
    await writeFile(join(dir, "boss.ts"), servicesFile("2"));
    const start = await boss("start");
    assert.equal(start.code, 0, start.output);
    const old = id;
    id = await store();
    assert.notEqual(id, old, "not recreated");
    const problems: string[] = [];
    const recreating = start.events.some((e) => e.service === "store" && e.phase === "recreating");
    check(problems, recreating, true, "no recreating event");
    check(problems, await files(id), written, "the files after the recreate");
    const after = await mountsOf(id);
    check(problems, after["/anon"]?.name, before["/anon"]?.name, "the image's VOLUME /anon is a new volume");
    check(problems, after["/cache"]?.name, before["/cache"]?.name, "/cache is a new volume");
    const signals = await signalsOf(id, token);
    check(problems, signals, ["USR1"], "the replaced container was not stopped with its STOPSIGNAL (SIGUSR1)");
    assert.deepEqual(problems, []);
  });

  it("reload: a new container with the same data, the old one stopped with STOPSIGNAL", async () => {
    const token = await tokenOf(current());
    await write(id, "reload");
    const reload = await boss("reload", "store");
    assert.equal(reload.code, 0, reload.output);
    const old = id;
    id = await store();
    assert.notEqual(id, old, "reload made no new container");
    const problems: string[] = [];
    check(problems, await files(id), written, "the files after reload");
    const signals = await signalsOf(id, token);
    check(problems, signals, ["USR1"], "the reloaded container was not stopped with its STOPSIGNAL (SIGUSR1)");
    assert.deepEqual(problems, []);
  });

  it("stop, then start: the same container, the same data", async () => {
    const token = await tokenOf(current());
    await write(id, "stop");
    const stop = await boss("stop");
    assert.equal(stop.code, 0, stop.output);
    const start = await boss("start");
    assert.equal(start.code, 0, start.output);
    assert.equal(await store(), id, "a stopped container with the same definition was not restarted");
    const problems: string[] = [];
    check(problems, await files(id), written, "the files after stop and start");
    check(problems, await signalsOf(id, token), ["USR1"], "boss stop did not send the image's STOPSIGNAL (SIGUSR1)");
    assert.deepEqual(problems, []);
  });

  it("stop --remove keeps the named volume, removes the anonymous ones and says which; start finds /data/f", async () => {
    const mounts = await mountsOf(current());
    await write(id, "remove");
    const dropped = [mounts["/anon"]?.name ?? "", mounts["/cache"]?.name ?? ""].filter(Boolean);
    const stop = await boss("stop", "--remove");
    assert.equal(stop.code, 0, stop.output);
    assert.deepEqual(await containersOf(group), []);
    const problems: string[] = [];
    check(problems, await volumeExists(named), true, "stop --remove removed the named volume");
    for (const name of dropped) {
      check(problems, await volumeExists(name), false, `anonymous volume ${name} is left behind`);
      check(problems, stop.output.includes(name.slice(0, 12)), true, `stop --remove does not say it removed ${name}`);
    }
    const start = await boss("start");
    assert.equal(start.code, 0, start.output);
    id = await store();
    const expected = { "/data/f": "named remove", "/anon/f": "", "/cache/f": "" };
    check(problems, await files(id), expected, "the files after stop --remove and start");
    assert.deepEqual(problems, [], stop.output);
  });

  it("stop --remove --volumes removes the named volume", async () => {
    const stop = await boss("stop", "--remove", "--volumes");
    assert.equal(stop.code, 0, stop.output);
    assert.doesNotMatch(stop.output, stackLine);
    assert.deepEqual(await containersOf(group), []);
    const problems: string[] = [];
    check(problems, await volumeExists(named), false, "the named volume is still there");
    const { Volumes: left } = await docker.listVolumes({ filters: { label: [`boss.group=${group}`] } });
    check(problems, (left ?? []).length, 0, "volumes labelled with the group are left");
    assert.deepEqual(problems, []);
  });

  it("figures", (t) => {
    t.diagnostic(`data checks passed ${passed} of ${checks}`);
  });
});

const killTitle = "data survives a start or a reload killed (SIGKILL) after each phase event of a recreate";
describe(killTitle, { skip, timeout: 300_000 }, () => {
  const group = uniqueGroup("datakill");
  const image = `boss-fault-datakill:${group}`;
  const testLabel = `boss.fault-test=${group}`;
  const anonymous = new Set<string>();
  let dir = "";
  let tried = 0;
  let converged = 0;

  /** One service with the three kinds of volume; its ping and postStart are recorded with the container id. */
  const servicesFile = (edition: number): string => `import { Service, group } from "boss";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
group(${JSON.stringify(group)});
const record = (event: string) => appendFileSync(join(process.cwd(), "hooks.log"), event + "\\n");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let pinged = "";
export class Store extends Service {
  name = "store";
  image = ${JSON.stringify(image)};
  buildFrom = "./store";
  volumes = ["data:/data", "/cache"];
  env = { EDITION: "${edition}" };
  cmd = ["sh", "-c", "trap 'exit 0' USR1 TERM INT; while true; do sleep 0.1; done"];
  async ping(target: { containerId: string }) { pinged = target.containerId; await sleep(100); return true; }
  async postStart() { await sleep(200); record("postStart store " + pinged); }
}
`;

  const boss = (args: string[], signalAfter?: KillAt): Promise<WatchedRun> =>
    runBossWatched(dir, [...args, "--json"], {
      timeoutMs: 120_000,
      signal: "SIGKILL",
      ...(signalAfter ? { signalWhen: at(signalAfter) } : {}),
    });

  async function writeAll(tag: string): Promise<Record<string, string>> {
    const [container] = await containersOf(group, "store");
    assert.ok(container, "no store container to write into");
    const wanted = { "/data/f": `named ${tag}`, "/anon/f": `anon ${tag}`, "/cache/f": `cache ${tag}` };
    await sh(
      container.Id,
      Object.entries(wanted)
        .map(([path, text]) => `echo "${text}" > ${path}`)
        .join(" && "),
    );
    return wanted;
  }

  /** The next start must converge and find the files; problems, empty when it did. */
  async function convergeWith(wanted: Record<string, string>, logBefore: number): Promise<string[]> {
    const window = await atLeastOnceWindow(dir, logBefore);
    const start = await boss(["start"]);
    const problems: string[] = [];
    if (start.code !== 0)
      problems.push(`the next start exited ${start.code}: ${start.output.trim().split("\n").at(-1)}`);
    problems.push(
      ...(await convergenceProblems({
        group,
        dir,
        services: ["store"],
        postStartOncePerContainer: true,
        postStartRerunAllowed: window,
      })),
    );
    const [container, ...more] = await containersOf(group, "store");
    if (container && more.length === 0) {
      for (const mount of Object.values(await mountsOf(container.Id)))
        if (mount.type === "volume" && !mount.name.startsWith(group)) anonymous.add(mount.name);
      const found = await readFiles(container.Id);
      if (!isDeepStrictEqual(found, wanted)) problems.push(`the files: ${JSON.stringify(found)}`);
    }
    return problems;
  }

  /** Runs `command` once as the reference, then once per phase event of store with SIGKILL after it. */
  async function killEach(t: TestContext, command: string[], change: (iteration: number) => Promise<void>) {
    await change(0);
    const reference = await boss(command);
    assert.equal(reference.code, 0, reference.output);
    const points = reference.events
      .filter((e) => e.type === "phase" && e.service === "store" && e.phase !== "waiting")
      .map((e, index, all) => ({
        phase: e.phase ?? "",
        occurrence: all.slice(0, index).filter((o) => o.phase === e.phase).length,
      }));
    t.diagnostic(`${command.join(" ")}: kill points ${points.map((p) => p.phase).join(" ")}`);
    const failures: string[] = [];
    for (const [index, point] of points.entries()) {
      const wanted = await writeAll(`${command[0]}-${index}`);
      await change(index + 1);
      const logBefore = (await hookLog(dir)).length;
      tried++;
      const killed = await boss(command, point);
      const problems = killed.signalledAfter === undefined ? ["the kill point never came"] : [];
      problems.push(...(await convergeWith(wanted, logBefore)));
      if (problems.length === 0) converged++;
      else failures.push(`SIGKILL after ${point.phase}: ${problems.join("; ")}`);
    }
    assert.deepEqual(failures, []);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "boss-fault-"));
    await mkdir(join(dir, "store"));
    await writeFile(join(dir, "store", "Dockerfile"), `FROM ${busybox}\nLABEL ${testLabel}\nVOLUME /anon\n`);
    await writeFile(join(dir, "boss.ts"), servicesFile(0));
    const start = await boss(["start"]);
    assert.equal(start.code, 0, start.output);
  });
  after(async () => {
    await removeGroup(group, dir, { imageLabel: testLabel, volumes: anonymous });
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => {});
  });

  it("a start recreating the service (env changed) killed after each of its phase events", async (t) => {
    let edition = 0;
    await killEach(t, ["start"], () => writeFile(join(dir, "boss.ts"), servicesFile(++edition)));
  });

  it("a reload killed after each of its phase events", async (t) => {
    await killEach(t, ["reload", "store"], () => Promise.resolve());
  });

  it("figures", (t) => {
    t.diagnostic(`recreate kill points tried ${tried}, converged with the data ${converged}`);
  });
});

const pgTitle =
  "a Postgres database in the image's VOLUME survives a recreate, a reload and a stop, each a clean shutdown";
describe(pgTitle, { skip, timeout: 240_000 }, () => {
  const group = uniqueGroup("pgvol");
  const image = `boss-fault-pg:${group}`;
  const testLabel = `boss.fault-test=${group}`;
  const postgres = process.env.BOSS_TEST_POSTGRES_IMAGE ?? "boss-postgres:15";
  const volumes = new Set<string>();
  let dir = "";

  // The official postgres images declare this VOLUME; boss-postgres does not, so the test's image adds it.
  const servicesFile = (edition: string): string => `import { Service, group, waitFor } from "boss";
group(${JSON.stringify(group)});
export class Pg extends Service {
  name = "pg";
  image = ${JSON.stringify(image)};
  buildFrom = "./pg";
  env = { POSTGRES_USER: "boss", POSTGRES_PASSWORD: "pw", POSTGRES_DB: "votes", EDITION: ${JSON.stringify(edition)} };
  ping = waitFor.log(/database system is ready to accept connections/);
}
`;

  const boss = (...args: string[]): Promise<WatchedRun> =>
    runBossWatched(dir, [...args, "--json"], { timeoutMs: 120_000 });

  async function pg(): Promise<string> {
    const found = await containersOf(group, "pg");
    assert.equal(found.length, 1, `pg: ${found.length} containers`);
    const id = found[0]?.Id ?? "";
    for (const mount of Object.values(await mountsOf(id))) if (mount.type === "volume") volumes.add(mount.name);
    return id;
  }

  // Piped through cat: psql on a TTY waits (its pager) even with -c.
  const psql = (id: string, sql: string): Promise<string> =>
    sh(id, `psql -U boss -d votes -Atc "${sql}" </dev/null 2>&1 | cat`);
  const votes = async (id: string): Promise<string> => (await psql(id, "SELECT count(*) FROM votes")).trim();

  async function logsOf(id: string): Promise<string> {
    const buffer = await docker.getContainer(id).logs({ stdout: true, stderr: true });
    return buffer.toString("latin1");
  }

  /**
   * What the next start of the data says about the last shutdown (problems;
   * empty when it was clean): Postgres logs "database system was shut down at"
   * after a clean one, and recovery after a kill. The first `skip` lines of the
   * log came before the step (a restarted container's log holds its earlier runs).
   */
  async function shutdownProblems(nowId: string, skip: number): Promise<string[]> {
    const log = (await logsOf(nowId)).split("\n").slice(skip).join("\n");
    if (/not properly shut down|automatic recovery|was interrupted/.test(log))
      return ["Postgres was not shut down cleanly: the next start ran crash recovery"];
    if (!/database system was shut down at/.test(log))
      return ["the next start does not say the last shutdown was clean"];
    return [];
  }

  /** Opens a psql session that stays (the issue: with one open session SIGTERM waits, SIGINT does not). */
  async function openSession(id: string): Promise<void> {
    // The docker CLI: a detached exec through dockerode keeps a connection that holds the test process open.
    await run("docker", ["exec", "-d", id, "psql", "-U", "boss", "-d", "votes", "-c", "SELECT pg_sleep(600)"]);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "boss-fault-"));
    await mkdir(join(dir, "pg"));
    await writeFile(
      join(dir, "pg", "Dockerfile"),
      `FROM ${postgres}\nLABEL ${testLabel}\nVOLUME /var/lib/postgresql/data\n`,
    );
    await writeFile(join(dir, "boss.ts"), servicesFile("1"));
  });
  after(async () => {
    await removeGroup(group, dir, { imageLabel: testLabel, volumes });
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => {});
  });

  it("7 votes survive an env change (recreate), a reload and a stop + start, with a session open each time", async (t) => {
    const start = await boss("start");
    assert.equal(start.code, 0, start.output);
    let id = await pg();
    // Before each step, so that a step's check does not depend on what an earlier step lost.
    const vote = async () => {
      await psql(
        id,
        "CREATE TABLE IF NOT EXISTS votes (v int); TRUNCATE votes; INSERT INTO votes SELECT generate_series(1, 7)",
      );
      assert.equal(await votes(id), "7");
    };

    const problems: string[] = [];
    const steps: Array<[string, () => Promise<WatchedRun>]> = [
      [
        "env change + start",
        async () => {
          await writeFile(join(dir, "boss.ts"), servicesFile("2"));
          return boss("start");
        },
      ],
      ["reload", () => boss("reload", "pg")],
      [
        "stop + start",
        async () => {
          const stop = await boss("stop");
          return stop.code === 0 ? boss("start") : stop;
        },
      ],
    ];
    for (const [step, act] of steps) {
      await vote();
      await openSession(id);
      const old = id;
      const linesBefore = (await logsOf(old)).split("\n").length - 1;
      const began = Date.now();
      const result = await act();
      t.diagnostic(`${step}: ${((Date.now() - began) / 1000).toFixed(1)} s`);
      if (result.code !== 0) {
        problems.push(`${step}: exited ${result.code}: ${result.output.trim().split("\n").slice(-3).join(" | ")}`);
        break;
      }
      id = await pg();
      const count = await votes(id);
      if (count !== "7") problems.push(`${step}: ${/^\d+$/.test(count) ? count : "no table of"} votes, not 7`);
      const skip = old === id ? linesBefore : 0;
      problems.push(...(await shutdownProblems(id, skip)).map((p) => `${step}: ${p}`));
    }
    assert.deepEqual(problems, []);
  });
});

describe("a failed service keeps its container, so boss logs shows why", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("failkeep");
  let dir = "";

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "boss-fault-"));
    await writeFile(
      join(dir, "boss.ts"),
      `import { Service, group } from "boss";
group(${JSON.stringify(group)});
export class Broken extends Service {
  name = "broken";
  image = ${JSON.stringify(busybox)};
  cmd = ["sh", "-c", "echo broken-because-of-42 >&2; exit 3"];
  async ping() { return false; }
}
// Ready 8 s after its first ping: broken's failure must be reported long before.
let firstPing = 0;
export class Slow extends Service {
  name = "slow";
  image = ${JSON.stringify(busybox)};
  cmd = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"];
  async ping() { firstPing ||= Date.now(); return Date.now() - firstPing > 8000; }
}
`,
    );
  });
  after(() => removeGroup(group, dir));

  let failedId = "";

  it("start exits 1; the failure is reported when it happens; the container is kept (exited) and boss logs shows its output", async () => {
    const start = await runBossWatched(dir, ["start", "--json"], { timeoutMs: 60_000 });
    assert.equal(start.code, 1, start.output);
    const at = (service: string, phase: string) =>
      start.events.findIndex((e) => e.type === "phase" && e.service === service && e.phase === phase);
    assert.ok(at("broken", "failed") >= 0, start.stdout);
    assert.ok(
      at("broken", "failed") < at("slow", "ready"),
      `broken's failure was reported only after slow was ready: ${start.stdout}`,
    );
    const found = await containersOf(group, "broken");
    assert.equal(found.length, 1, "the failed container was removed");
    assert.equal(found[0]?.State, "exited");
    failedId = found[0]?.Id ?? "";
    const logs = await runBoss(dir, ["logs", "broken"]);
    assert.equal(logs.code, 0, logs.output);
    assert.match(logs.output, /broken-because-of-42/);
  });

  it("the next start replaces it: still one container", async () => {
    const start = await runBoss(dir, ["start"], { timeoutMs: 60_000 });
    assert.equal(start.code, 1, start.output);
    const found = await containersOf(group, "broken");
    assert.equal(found.length, 1, `${found.length} containers`);
    assert.notEqual(found[0]?.Id, failedId, "the failed container was reused");
  });
});
