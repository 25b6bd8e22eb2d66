/**
 * boss against Podman's Docker-compatible API, through DOCKER_HOST. The test
 * starts its own `podman system service` on a socket in a temp folder (and
 * stops it afterwards), so the machine's dockerd is not involved. Podman needs
 * `default_ulimits` within this machine's hard nofile limit (docker-env.md).
 */
import Docker from "dockerode";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { busybox, engineUnavailable, makeProject, runBoss, servicesFilePreamble, uniqueGroup } from "./harness.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";

/** A reason to skip when podman is not installed; under CI=true (which installs it) that is a failure. */
function podmanMissing(): string | undefined {
  const found = spawnSync("podman", ["--version"], { encoding: "utf8" });
  if (found.status === 0) return undefined;
  const reason = "podman is not installed (apt-get install -y podman); this test runs boss against its Docker API";
  if (process.env.CI === "true") throw new Error(reason);
  return reason;
}

const skip = (await engineUnavailable()) ?? podmanMissing();

describe("boss against Podman (DOCKER_HOST=unix://…podman.sock)", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("podman");
  let runtime = "";
  let dir = "";
  let service: ChildProcess | undefined;
  let podman: Docker;
  let env: NodeJS.ProcessEnv = {};

  before(async () => {
    runtime = makeTempDir("boss-podman-").path;
    const conf = join(runtime, "containers.conf");
    await writeFile(conf, '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n');
    const socket = join(runtime, "podman.sock");
    const podmanEnv = { ...process.env, CONTAINERS_CONF: conf };
    service = spawn("podman", ["system", "service", "--time=0", `unix://${socket}`], {
      env: podmanEnv,
      stdio: "ignore",
    });
    podman = new Docker({ socketPath: socket });
    for (let i = 0; ; i++) {
      try {
        await podman.ping();
        break;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    if (spawnSync("podman", ["image", "exists", busybox], { env: podmanEnv }).status !== 0) {
      // The local busybox image, copied from Docker (no registry here).
      const copy = spawnSync("sh", ["-c", `docker save ${busybox} | podman load`], {
        env: podmanEnv,
        encoding: "utf8",
      });
      assert.equal(copy.status, 0, copy.stderr);
    }
    env = { DOCKER_HOST: `unix://${socket}` };
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db on podman"); }
export class Api extends Service {
  name = "api"; image = busybox; cmd = ["sh", "-c", "echo api-started; trap 'exit 0' TERM; while true; do sleep 0.1; done"];
  dependencies = [Db];
}
`,
    });
  });

  after(async () => {
    if (podman) {
      const left = await podman.listContainers({ all: true, filters: { label: [`boss.group=${group}`] } });
      for (const c of left)
        await podman
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined);
      const networks = await podman.listNetworks({ filters: { label: [`boss.group=${group}`] } });
      for (const n of networks)
        await podman
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined);
    }
    service?.kill("SIGTERM");
    if (runtime) await rm(runtime, { recursive: true, force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("starts, shows logs, runs a one-off, and stops and removes the group", async () => {
    const start = await runBoss(dir, ["start"], { env });
    assert.equal(start.code, 0, start.output);
    const running = await podman.listContainers({ filters: { label: [`boss.group=${group}`] } });
    assert.deepEqual(running.map((c) => c.Labels["boss.service"]).sort(), ["api", "db"]);

    const logs = await runBoss(dir, ["logs", "api"], { env });
    assert.equal(logs.stdout, "api | api-started\n", logs.output);

    const run = await runBoss(dir, ["run", "--no-deps", "api", "--", "sh", "-c", "wget -qO- http://db/; exit 4"], {
      env,
    });
    assert.equal(run.code, 4, run.output);
    assert.equal(run.stdout, "db on podman\n");

    const stop = await runBoss(dir, ["stop", "--remove"], { env });
    assert.equal(stop.code, 0, stop.output);
    assert.deepEqual(await podman.listContainers({ all: true, filters: { label: [`boss.group=${group}`] } }), []);
    assert.deepEqual(await podman.listNetworks({ filters: { label: [`boss.group=${group}`] } }), []);
  });
});
