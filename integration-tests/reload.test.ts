import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** Runs `cmd` in a container and returns what it printed (a TTY, so stdout and stderr come unframed). */
async function execText(containerId: string, cmd: string[]): Promise<string> {
  const exec = await docker
    .getContainer(containerId)
    .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => stream.on("end", resolve));
  return text.replace(/\r\n/g, "\n");
}

interface ServiceContainer {
  id: string;
  state: string;
  startedAt: string;
  image: string;
}

/** The service's only container (asserting there is exactly one). */
async function onlyContainer(group: string, service: string): Promise<ServiceContainer> {
  const found = await containersOf(group, service);
  assert.equal(found.length, 1, `${service}: ${found.length} containers`);
  const info = await docker.getContainer(found[0]?.Id ?? "").inspect();
  return { id: info.Id, state: found[0]?.State ?? "", startedAt: info.State.StartedAt, image: info.Image };
}

async function hookCount(dir: string, event: string): Promise<number> {
  const log = await readFile(join(dir, "hooks.log"), "utf8").catch(() => "");
  return log.split("\n").filter((line) => line === event).length;
}

const dockerfile = `FROM boss-busybox:latest
COPY . /site/
`;
const brokenDockerfile = `FROM boss-busybox:latest
RUN echo build-broke-here && exit 7
`;

describe("reload", { skip }, () => {
  const group = uniqueGroup("reload");
  const image = `boss-it-${group}:latest`;
  const images = new Set<string>();
  let dir = "";

  before(async () => {
    dir = await makeProject({
      "site/Dockerfile": dockerfile,
      "site/.dockerignore": "secret.txt\n",
      "site/page.txt": "version one\n",
      "site/secret.txt": "must not be sent\n",
      "boss.ts":
        servicesFilePreamble(group) +
        `
const serveSite = ["sh", "-c", "httpd -p 80 -h /site && trap 'exit 0' TERM INT && while true; do sleep 0.1; done"];
export class Site extends Service {
  name = "site"; image = ${JSON.stringify(image)}; buildFrom = "./site"; cmd = serveSite;
  async preStart() { record("site.preStart"); }
  async postStart() { record("site.postStart"); }
}
export class Web extends Service {
  name = "web"; image = busybox; cmd = httpd("web"); dependencies = ["site"];
  async preStart() { record("web.preStart"); }
  async postStart() { record("web.postStart"); }
}
export class Worker extends Service { name = "worker"; image = busybox; cmd = httpd("worker"); dependencies = ["site"]; }
export class Plain extends Service { name = "plain"; image = busybox; cmd = httpd("plain"); }
`,
    });
  });
  // Only what this test built: boss's builds carry the group's label (removeGroup removes those), and `images` holds the
  // ids of the service's own builds. Never the images its containers merely use (the shared busybox base).
  after(async () => {
    await removeGroup(group, dir);
    for (const id of images)
      await docker
        .getImage(id)
        .remove({ force: true })
        .catch(() => {});
  });

  it("builds the image at start, without the .dockerignore'd file", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    const site = await onlyContainer(group, "site");
    images.add(site.image);
    assert.equal(await execText(site.id, ["cat", "/site/page.txt"]), "version one\n");
    assert.match(await execText(site.id, ["ls", "/site"]), /page\.txt/);
    assert.equal(
      await execText(site.id, ["sh", "-c", "test -e /site/secret.txt && echo sent || echo absent"]),
      "absent\n",
    );
  });

  it("rebuilds the service into a new container and restarts its running dependents", async () => {
    // worker is stopped first: a service that was not running stays that way.
    const stopWorker = await runBoss(dir, ["stop", "--exclude", "site,web,plain"]);
    assert.equal(stopWorker.code, 0, stopWorker.output);
    const siteBefore = await onlyContainer(group, "site");
    const webBefore = await onlyContainer(group, "web");
    const workerBefore = await onlyContainer(group, "worker");
    const plainBefore = await onlyContainer(group, "plain");
    assert.equal(workerBefore.state, "exited");

    await writeFile(join(dir, "site", "page.txt"), "version two\n");
    const reload = await runBoss(dir, ["reload", "site"]);
    assert.equal(reload.code, 0, reload.output);

    const site = await onlyContainer(group, "site");
    images.add(site.image);
    assert.notEqual(site.id, siteBefore.id);
    assert.equal(site.state, "running");
    assert.notEqual(site.image, siteBefore.image);
    await assert.rejects(docker.getContainer(siteBefore.id).inspect(), { statusCode: 404 });
    assert.equal(await execText(site.id, ["cat", "/site/page.txt"]), "version two\n");
    // The dependent reaches the new container through the group network.
    const web = await onlyContainer(group, "web");
    assert.equal(await execText(web.id, ["wget", "-qO-", "http://site/page.txt"]), "version two\n");

    assert.equal(await hookCount(dir, "site.preStart"), 2);
    assert.equal(await hookCount(dir, "site.postStart"), 2);

    assert.equal(web.id, webBefore.id);
    assert.equal(web.state, "running");
    assert.notEqual(web.startedAt, webBefore.startedAt);
    // Restarted, not recreated: its creation hooks did not run again.
    assert.equal(await hookCount(dir, "web.preStart"), 1);
    assert.equal(await hookCount(dir, "web.postStart"), 1);

    assert.deepEqual(await onlyContainer(group, "worker"), workerBefore);
    assert.deepEqual(await onlyContainer(group, "plain"), plainBefore);
  });

  it("refuses a service without buildFrom, naming the field", async () => {
    const plainBefore = await onlyContainer(group, "plain");
    const reload = await runBoss(dir, ["reload", "plain"]);
    assert.equal(reload.code, 2, reload.output);
    assert.ok(reload.stderr.startsWith(`boss: ${join(dir, "boss.ts")}: Plain: buildFrom: `), reload.stderr);
    assert.doesNotMatch(reload.output, /\n\s+at /);
    assert.deepEqual(await onlyContainer(group, "plain"), plainBefore);
  });

  it("stops nothing when the build fails, and shows the build output", async () => {
    const siteBefore = await onlyContainer(group, "site");
    const webBefore = await onlyContainer(group, "web");
    await writeFile(join(dir, "site", "Dockerfile"), brokenDockerfile);

    const reload = await runBoss(dir, ["reload", "site"]);
    assert.equal(reload.code, 1, reload.output);
    assert.match(reload.output, /build-broke-here/);
    assert.deepEqual(await onlyContainer(group, "site"), siteBefore);
    assert.deepEqual(await onlyContainer(group, "web"), webBefore);
    assert.equal(await hookCount(dir, "site.preStart"), 2);
  });

  it("leaves no untagged image behind when a build fails after some steps succeeded", async () => {
    await writeFile(
      join(dir, "site", "Dockerfile"),
      `FROM boss-busybox:latest\nCOPY page.txt /site/page-${Date.now()}.txt\nRUN echo build-broke-here && exit 7\n`,
    );
    const reload = await runBoss(dir, ["reload", "site", "--json"]);
    assert.equal(reload.code, 1, reload.output);
    const steps = reload.stdout
      .split("\n")
      .flatMap((line) => /"line":" ---> ([0-9a-f]{12,})"/.exec(line)?.slice(1, 2) ?? []);
    assert.ok(steps.length >= 2, `the base and the COPY step:\n${reload.output}`);
    const copyStep = steps[steps.length - 1] ?? "";
    const left = await docker
      .getImage(copyStep)
      .inspect()
      .then(() => true)
      .catch(() => false);
    assert.equal(left, false, `the COPY step's image ${copyStep} was removed`);
  });

  it("fails the build when the Dockerfile copies a .dockerignore'd file", async () => {
    const siteBefore = await onlyContainer(group, "site");
    await writeFile(join(dir, "site", "Dockerfile"), `FROM boss-busybox:latest\nCOPY secret.txt /site/\n`);

    const reload = await runBoss(dir, ["reload", "site"]);
    assert.equal(reload.code, 1, reload.output);
    assert.match(reload.output, /secret\.txt/);
    assert.deepEqual(await onlyContainer(group, "site"), siteBefore);
  });
});
