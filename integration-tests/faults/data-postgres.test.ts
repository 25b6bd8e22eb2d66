// Issue 10's voting-app case: a real PostgreSQL keeps its rows and shuts down cleanly through a developer's day.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { containersOf, docker, engineUnavailable, uniqueGroup, removeGroup } from "../harness.js";
import { runBossWatched, type WatchedRun } from "./fault-harness.js";
import { mountsOf, run, sh } from "./data-fixtures.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

const skip = await engineUnavailable();

const pgTitle =
  "a Postgres database in the image's VOLUME survives a recreate, a reload and a stop, each a clean shutdown";
describe(pgTitle, { skip, timeout: 240_000 }, () => {
  const group = uniqueGroup("pgvol");
  const image = `boss-fault-pg:${group}`;
  const testLabel = `boss.fault-test=${group}`;
  const postgres = process.env.BOSS_TEST_POSTGRES_IMAGE ?? "boss-postgres:15";
  const volumes = new Set<string>();
  let dir = "";

  // The official postgres images (and boss-postgres) declare this VOLUME; the test's image says it again, so that
  // BOSS_TEST_POSTGRES_IMAGE may name one that does not.
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
    dir = makeTempDir("boss-fault-").path;
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
