import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  runBoss,
  startBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** A service that prints `name-out` to stdout and `name-err` to stderr, then writes what arrives in /tmp/say. */
function talker(className: string, name: string, extra = ""): string {
  const script = `echo ${name}-out; echo ${name}-err >&2; trap 'exit 0' TERM; while true; do sleep 0.1; done`;
  return `export class ${className} extends Service { name = "${name}"; image = busybox; cmd = ["sh", "-c", ${JSON.stringify(script)}]; ${extra} }\n`;
}

function servicesFile(group: string, role: string): string {
  return (
    servicesFilePreamble(group) +
    talker("Db", "db") +
    talker("Api", "api", `env = { ROLE: "${role}" }; dependencies = [Db];`)
  );
}

/** Writes a line to the stdout of the service's running container (its PID 1's stdout). */
async function say(group: string, service: string, text: string): Promise<void> {
  const [container] = (await containersOf(group, service)).filter((c) => c.State === "running");
  assert.ok(container, `${service} is not running`);
  const exec = await docker.getContainer(container.Id).exec({ Cmd: ["sh", "-c", `echo ${text} > /proc/1/fd/1`] });
  // Attached, and read to its end: a detached exec leaves its connection open, and the test process never exits.
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise((resolve, reject) => stream.on("end", resolve).on("error", reject).resume());
}

describe("boss logs", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("logs");
  let dir = "";
  before(async () => {
    dir = await makeProject({ "boss.ts": servicesFile(group, "one") });
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
  });
  after(() => removeGroup(group, dir));

  it("prefixes each service's lines, container stdout to stdout and stderr to stderr", async () => {
    const run = await runBoss(dir, ["logs"]);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout, "db  | db-out\napi | api-out\n");
    assert.equal(run.stderr, "db  | db-err\napi | api-err\n");
  });

  it("shows only the named services, the last N lines, with timestamps when asked", async () => {
    const run = await runBoss(dir, ["logs", "api", "--tail", "1", "--timestamps"]);
    assert.equal(run.code, 0, run.output);
    // One line of each stream may be the last; only api's.
    assert.match(run.output, /^api \| \d{4}-\d{2}-\d{2}T[\d:.]+Z api-(out|err)\n$/);
  });

  it("follows new lines, a replaced container too, and ends on Ctrl-C with exit code 0", async () => {
    const follow = startBoss(dir, ["logs", "-f", "--since", "1h"]);

    await follow.printed("api | api-out\n");
    await say(group, "db", "db-later");
    await follow.printed("db  | db-later\n");

    // A changed definition replaces api's container: its output comes through again.
    await writeFile(join(dir, "boss.ts"), servicesFile(group, "two"));
    const restart = await runBoss(dir, ["start"]);
    assert.equal(restart.code, 0, restart.output);
    await say(group, "api", "api-replaced");
    await follow.printed("api | api-replaced\n");
    assert.equal(follow.stdout().match(/api \| api-out\n/g)?.length, 2, "the new container's first line");

    follow.child.kill("SIGINT");
    assert.equal((await follow.finished).code, 0);
  });
});
