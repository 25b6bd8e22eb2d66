// boss watch under faults: two watches on one group take turns (each action
// holds the group's lock), and a watch killed with SIGKILL in the middle of a
// rebuild leaves nothing the next `boss start` cannot converge from: one
// container, serving the new image, and no build left recorded as running.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  busybox,
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  removeGroup,
  runBoss,
  servicesFilePreamble,
  startBoss,
  uniqueGroup,
} from "../harness.js";
import type { RunningProcess } from "../../test/helpers/run-process.js";

const skip = await engineUnavailable();

const dockerfile = (version: string, extra = "") =>
  `FROM ${busybox}\nCOPY www /site/www/\n${extra}RUN echo ${version} > /site/www/version.txt\n`;

/** What the site's one running container serves at /version.txt (it must be the only container of site). */
async function servedVersion(group: string): Promise<string> {
  const all = await containersOf(group, "site");
  assert.equal(all.length, 1, `site containers: ${all.map((c) => `${c.Id.slice(0, 12)} ${c.State}`).join(", ")}`);
  assert.equal(all[0]?.State, "running");
  const exec = await docker.getContainer(all[0].Id).exec({
    Cmd: ["cat", "/site/www/version.txt"],
    AttachStdout: true,
    Tty: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => stream.on("end", resolve));
  return text.trim();
}

describe("boss watch under faults", { skip, timeout: 300_000 }, () => {
  const group = uniqueGroup("watch-faults");
  const image = `boss-it-${group}:latest`;
  let dir = "";
  const watches: RunningProcess[] = [];
  const watch = async () => {
    const running = startBoss(dir, ["watch"], { timeoutMs: 280_000 });
    watches.push(running);
    await running.printed("watching site", 60_000);
    return running;
  };

  before(async () => {
    dir = await makeProject({
      "site/Dockerfile": dockerfile("v1"),
      "site/www/index.html": "one\n",
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Site extends Service {
  name = "site"; image = ${JSON.stringify(image)}; buildFrom = "./site";
  cmd = ["sh", "-c", "trap 'exit 0' TERM INT; while true; do sleep 0.1; done"];
  watch = [{ path: "site/Dockerfile", action: "rebuild" as const }];
}
`,
    });
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
  });
  after(async () => {
    for (const w of watches) w.child.kill("SIGKILL");
    await removeGroup(group, dir);
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("two watches on one group both rebuild on an edit, one after the other, leaving one container", async () => {
    const [first, second] = [await watch(), await watch()];
    await writeFile(join(dir, "site/Dockerfile"), dockerfile("v2"));
    for (const w of [first, second]) await w.printed("site: site/Dockerfile changed → rebuilt and replaced", 120_000);
    assert.equal(await servedVersion(group), "v2");
    for (const w of [first, second]) w.child.kill("SIGINT");
    for (const w of [first, second]) assert.equal((await w.finished).code, 0);
  });

  it("a watch killed with SIGKILL mid-rebuild: the next start builds again and serves the new image", async () => {
    const killed = await watch();
    await writeFile(join(dir, "site/Dockerfile"), dockerfile("v3", "RUN sleep 3\n"));
    await killed.printed("site: building", 60_000);
    killed.child.kill("SIGKILL");
    await killed.finished;
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    assert.match(start.output, /site: building/, "the build the kill cut short is done again");
    assert.equal(await servedVersion(group), "v3");
    const saved = JSON.parse(await readFile(join(dir, ".boss-context"), "utf8")) as Record<string, unknown>;
    assert.equal(saved["boss.building"], undefined, "no build left recorded as running");
  });
});
