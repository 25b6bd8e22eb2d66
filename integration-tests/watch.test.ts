// boss watch on the real engine: an edited file is served by the running
// container (sync) within the budget, an edited Dockerfile by a new one
// (rebuild), and a broken Dockerfile keeps the old one serving.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  busybox,
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  removeGroup,
  servicesFilePreamble,
  startBoss,
  uniqueGroup,
} from "./harness.js";
import type { RunningProcess } from "../test/helpers/run-process.js";

const skip = await engineUnavailable();

/** How long an edited file may take to be served by the container: the watch's quiet time, a copy, margin. */
const syncBudgetMs = 5000;

/** What the container's own httpd serves at `path`. */
async function served(containerId: string, path: string): Promise<string> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: ["wget", "-qO-", `http://127.0.0.1${path}`],
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => stream.on("end", resolve));
  return text.replace(/\r\n/g, "\n");
}

/** Waits until the container serves `text` at `path`, for at most the sync budget from now. */
async function servedWithin(containerId: string, path: string, text: string, output: () => string): Promise<void> {
  const edited = Date.now();
  while ((await served(containerId, path)) !== text) {
    assert.ok(Date.now() - edited < syncBudgetMs, `${path} not served within ${syncBudgetMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runningSite(group: string): Promise<string> {
  const running = (await containersOf(group, "site")).filter((c) => c.State === "running");
  assert.equal(running.length, 1, `running site containers: ${running.length}`);
  return running[0]?.Id ?? "";
}

const dockerfile = (extra = "") => `FROM ${busybox}\nCOPY www /site/www/\n${extra}`;

describe("boss watch", { skip }, () => {
  const group = uniqueGroup("watch");
  const image = `boss-it-${group}:latest`;
  let dir = "";
  let watch: RunningProcess | undefined;

  before(async () => {
    dir = await makeProject({
      "site/Dockerfile": dockerfile(),
      "site/www/index.html": "one\n",
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Site extends Service {
  name = "site"; image = ${JSON.stringify(image)}; buildFrom = "./site";
  cmd = ["sh", "-c", "httpd -p 80 -h /site/www && trap 'exit 0' TERM INT && while true; do sleep 0.1; done"];
  watch = [
    { path: "site/www", action: "sync" as const, target: "/site/www" },
    { path: "site/Dockerfile", action: "rebuild" as const },
  ];
}
`,
    });
  });
  after(async () => {
    watch?.child.kill("SIGKILL");
    await removeGroup(group, dir);
  });

  it("boss start --watch starts the group, then watches", async () => {
    watch = startBoss(dir, ["start", "--watch"], { timeoutMs: 300_000 });
    await watch.printed("watching site", 120_000);
    assert.equal(await served(await runningSite(group), "/index.html"), "one\n");
  });

  it("an edited file is served by the running container within the budget (sync)", async () => {
    const id = await runningSite(group);
    await writeFile(join(dir, "site/www/index.html"), "two\n");
    await servedWithin(id, "/index.html", "two\n", () => watch?.stdout() ?? "");
    await watch?.printed("site: site/www/index.html changed → synced");
    assert.equal(await runningSite(group), id, "the same container");
  });

  it("an edited Dockerfile is served by a new container (rebuild)", async () => {
    const before = await runningSite(group);
    await writeFile(join(dir, "site/Dockerfile"), dockerfile("RUN echo rebuilt > /site/www/version.txt\n"));
    await watch?.printed("site: site/Dockerfile changed → rebuilt and replaced", 120_000);
    const after = await runningSite(group);
    assert.notEqual(after, before);
    assert.equal(await served(after, "/version.txt"), "rebuilt\n");
    assert.equal(await served(after, "/index.html"), "two\n", "the synced edit is in the new image too");
  });

  it("a broken Dockerfile keeps the running container serving, and the watch goes on", async () => {
    const before = await runningSite(group);
    await writeFile(join(dir, "site/Dockerfile"), dockerfile("RUN echo broken-here && exit 7\n"));
    await watch?.printed("site: site/Dockerfile changed → failed", 120_000);
    assert.match(watch?.stdout() ?? "", /the rebuild failed, the running container is kept/);
    assert.equal(await runningSite(group), before);
    assert.equal(await served(before, "/version.txt"), "rebuilt\n");
    await writeFile(join(dir, "site/www/index.html"), "three\n");
    await servedWithin(before, "/index.html", "three\n", () => watch?.stdout() ?? "");
  });

  it("Ctrl-C ends the watch with exit code 0", async () => {
    watch?.child.kill("SIGINT");
    const ended = await watch?.finished;
    assert.equal(ended?.code, 0, ended?.output);
  });
});
