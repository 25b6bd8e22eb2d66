// Issue 10, "Volumes that keep data": files written into a named volume (`data:/data`), an image's
// anonymous volume (VOLUME /anon) and a bare container path (`/cache`) survive a recreate (env changed),
// a reload and a stop + start; a named volume survives `stop --remove`, and only `stop --remove --volumes`
// removes it. A replaced container gets the image's STOPSIGNAL (it writes which signal it got into
// /data/signals), never SIGKILL.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { after, before, describe, it } from "node:test";
import { busybox, containersOf, docker, engineUnavailable, uniqueGroup, removeGroup } from "../harness.js";
import { runBossWatched, stackLine, type WatchedRun } from "./fault-harness.js";
import { mountsOf, readFiles, sh, volumeExists } from "./data-fixtures.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

const skip = await engineUnavailable();

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
    dir = makeTempDir("boss-fault-").path;
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
