// Issue 10: the data survives a start or reload killed at any step of a recreate.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { after, before, describe, it, type TestContext } from "node:test";
import { busybox, containersOf, docker, engineUnavailable, uniqueGroup, removeGroup } from "../harness.js";
import { atLeastOnceWindow, convergenceProblems, hookLog, runBossWatched, type WatchedRun } from "./fault-harness.js";
import { at, mountsOf, readFiles, sh, type KillAt } from "./data-fixtures.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

const skip = await engineUnavailable();

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
    dir = makeTempDir("boss-fault-").path;
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
