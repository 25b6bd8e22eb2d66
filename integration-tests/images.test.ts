import assert from "node:assert/strict";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { delimiter, join } from "node:path";
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
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** The service's only container: its id and its image's id. */
async function onlyContainer(group: string, service: string): Promise<{ id: string; image: string }> {
  const found = await containersOf(group, service);
  assert.equal(found.length, 1, `${service}: ${found.length} containers`);
  return { id: found[0]?.Id ?? "", image: found[0]?.ImageID ?? "" };
}

const serve = `["sh", "-c", "trap 'exit 0' TERM INT; while true; do sleep 0.1; done"]`;

describe("images: rebuilds when the build context changed, and --build", { skip }, () => {
  const group = uniqueGroup("images-build");
  const image = `boss-it-${group}:dev`;
  let dir = "";
  let env: NodeJS.ProcessEnv = {};

  before(async () => {
    dir = await makeProject({
      "site/Dockerfile": `FROM ${busybox}\nCOPY . /site/\n`,
      "site/.dockerignore": "*.tmp\n",
      "site/page.txt": "version one\n",
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Site extends Service { name = "site"; image = ${JSON.stringify(image)}; buildFrom = "./site"; cmd = ${serve}; stopSignal = "SIGKILL" as const; }\n`,
    });
    // The context-hash cache goes to the user's cache folder: this test's own.
    env = { XDG_CACHE_HOME: join(dir, ".cache") };
  });
  after(() => removeGroup(group, dir));

  it("labels the built image with its context's hash, and keeps image and container while nothing changed", async () => {
    const first = await runBoss(dir, ["start"], { env });
    assert.equal(first.code, 0, first.output);
    const built = await docker.getImage(image).inspect();
    assert.match(built.Config.Labels?.["boss.build-context-hash"] ?? "", /^[0-9a-f]{64}$/);
    const before = await onlyContainer(group, "site");

    await writeFile(join(dir, "site", "notes.tmp"), "ignored by .dockerignore\n");
    const again = await runBoss(dir, ["start"], { env });
    assert.equal(again.code, 0, again.output);
    assert.doesNotMatch(again.output, /building/);
    assert.deepEqual(await onlyContainer(group, "site"), before);
  });

  it("rebuilds when a file of the context changed, says why, and replaces the container", async () => {
    const before = await onlyContainer(group, "site");
    await writeFile(join(dir, "site", "page.txt"), "version two\n");
    const start = await runBoss(dir, ["start"], { env });
    assert.equal(start.code, 0, start.output);
    assert.match(start.output, /site: building — rebuilding: the build context changed/);
    const after = await onlyContainer(group, "site");
    assert.notEqual(after.image, before.image);
    assert.notEqual(after.id, before.id);
    await assert.rejects(docker.getContainer(before.id).inspect(), { statusCode: 404 });
  });

  it("rebuilds with --build though nothing changed", async () => {
    const start = await runBoss(dir, ["start", "--build"], { env });
    assert.equal(start.code, 0, start.output);
    assert.match(start.output, /site: building — rebuilding: boss start --build/);
  });
});

describe('images: pullPolicy "never"', { skip }, () => {
  const group = uniqueGroup("images-never");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Cache extends Service { name = "cache"; image = "boss-it-absent-${group}:1"; pullPolicy = "never" as const; }\n` +
        `export class Here extends Service { name = "here"; image = busybox; pullPolicy = "never" as const; cmd = ${serve}; stopSignal = "SIGKILL" as const; }\n`,
    });
  });
  after(() => removeGroup(group, dir));

  it("fails the service whose image is missing, naming the policy, and starts the one whose image is here", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 1, start.output);
    assert.match(start.output, /cache: failed — image boss-it-absent-\S+ is not here and its pullPolicy is "never"/);
    assert.doesNotMatch(start.output, /pulling/);
    assert.equal((await containersOf(group, "here"))[0]?.State, "running");
    assert.deepEqual(await containersOf(group, "cache"), []);
  });
});

/**
 * A registry that only plays the start of Docker's handshake: `/v2/` and
 * everything else answer 401 with a Basic challenge until credentials come,
 * then 404 (no such manifest). The engine talks plain HTTP to 127.0.0.0/8, so
 * the Authorization headers it sent are what the test reads.
 */
async function fakeRegistry(): Promise<{ server: Server; host: string; authorizations: string[] }> {
  const authorizations: string[] = [];
  const server = createServer((request, response) => {
    const authorization = request.headers.authorization;
    if (authorization) authorizations.push(authorization);
    if (!authorization) {
      response.writeHead(401, { "WWW-Authenticate": 'Basic realm="boss-test"' });
      response.end();
    } else {
      response.writeHead(404, { "Content-Type": "application/json" });
      response.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"not in this fake registry"}]}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations };
}

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString("base64");

describe("images: registry credentials from Docker's config.json", { skip }, () => {
  const group = uniqueGroup("images-auth");
  let dir = "";
  let registry: Awaited<ReturnType<typeof fakeRegistry>>;

  before(async () => {
    registry = await fakeRegistry();
    dir = await makeProject({
      "base/Dockerfile": `ARG BASE=none\nFROM \${BASE}\n`,
      "boss.ts":
        servicesFilePreamble(group) +
        `const host = process.env.REGISTRY_HOST ?? "";
export class Pulled extends Service { name = "pulled"; image = \`\${host}/\${process.env.REPO ?? "app"}:1\`; }
export class Built extends Service { name = "built"; image = "boss-it-${group}-built:1"; buildFrom = "./base"; buildArgs = { BASE: \`\${host}/base:1\` }; }
`,
    });
  });
  after(async () => {
    registry.server.close();
    await removeGroup(group, dir);
  });

  /** Runs `boss start` with a config.json of its own (and a fake helper's folder on PATH). */
  async function startWith(config: object, exclude: string, repo = "app"): Promise<string> {
    const dockerConfig = join(dir, `docker-${registry.authorizations.length}-${Math.random().toString(36).slice(2)}`);
    await mkdir(dockerConfig, { recursive: true });
    await writeFile(join(dockerConfig, "config.json"), JSON.stringify(config));
    const run = await runBoss(dir, ["start", "--exclude", exclude], {
      env: {
        DOCKER_CONFIG: dockerConfig,
        REGISTRY_HOST: registry.host,
        REPO: repo,
        XDG_CACHE_HOME: join(dir, ".cache"),
        DEBUG: "boss:engine", // every engine call logged: still no secret in the output
        PATH: `${join(dir, "bin")}${delimiter}${process.env.PATH ?? ""}`,
      },
    });
    assert.equal(run.code, 1, run.output); // the fake registry has no image: the start fails after the handshake
    return run.output;
  }

  it("pulls with the auths entry's user and password", async () => {
    registry.authorizations.length = 0;
    const output = await startWith({ auths: { [registry.host]: { auth: basic("alice", "s3cret") } } }, "built");
    assert.match(output, /pulled: failed — image \S+ is not here and pulling it failed/);
    assert.ok(registry.authorizations.includes(`Basic ${basic("alice", "s3cret")}`), registry.authorizations.join());
    assert.match(output, /pull 127\.0\.0\.1:\d+\/app:1 →/, "the engine calls were logged");
    assert.ok(!output.includes("s3cret") && !output.includes(basic("alice", "s3cret")), "no secret in the output");
  });

  it("pulls with what a credential helper gives, having passed it the registry", async () => {
    registry.authorizations.length = 0;
    await mkdir(join(dir, "bin"), { recursive: true });
    const helper = join(dir, "bin", "docker-credential-boss-test");
    await writeFile(
      helper,
      `#!/bin/sh\nread server\necho "$server" > "${join(dir, "helper-asked.txt")}"\nprintf '{"ServerURL":"%s","Username":"bob","Secret":"from-helper"}' "$server"\n`,
    );
    await chmod(helper, 0o755);
    await startWith({ credHelpers: { [registry.host]: "boss-test" } }, "built", "helped");
    assert.ok(registry.authorizations.includes(`Basic ${basic("bob", "from-helper")}`), registry.authorizations.join());
    assert.equal(await readFile(join(dir, "helper-asked.txt"), "utf8"), `${registry.host}\n`);
  });

  it("names the helper and the registry when the helper fails", async () => {
    const output = await startWith({ credHelpers: { [registry.host]: "boss-missing-helper" } }, "built", "nohelper");
    assert.match(
      output,
      new RegExp(
        `the credential helper docker-credential-boss-missing-helper failed for the registry ${registry.host}`,
      ),
    );
  });

  it("builds FROM a private base image with the registry's credentials (X-Registry-Config)", async () => {
    registry.authorizations.length = 0;
    const output = await startWith({ auths: { [registry.host]: { auth: basic("carol", "for-builds") } } }, "pulled");
    assert.match(output, /built: failed/);
    assert.ok(
      registry.authorizations.includes(`Basic ${basic("carol", "for-builds")}`),
      registry.authorizations.join(),
    );
  });
});

describe("images: buildTarget builds one stage of a multi-stage Dockerfile", { skip }, () => {
  const group = uniqueGroup("images-target");
  const image = `boss-it-${group}:dev`;
  let dir = "";
  let env: NodeJS.ProcessEnv = {};
  const servicesFile = (target: string) =>
    servicesFilePreamble(group) +
    `export class Site extends Service { name = "site"; image = ${JSON.stringify(image)}; buildFrom = "./site"; buildTarget = ${JSON.stringify(target)}; cmd = ["sh", "-c", "cat /stage; trap 'exit 0' TERM INT; while true; do sleep 0.1; done"]; stopSignal = "SIGKILL" as const; }\n`;

  before(async () => {
    dir = await makeProject({
      "site/Dockerfile": `FROM ${busybox} AS dev\nRUN echo dev > /stage\n\nFROM ${busybox} AS prod\nRUN echo prod > /stage\n`,
      "boss.ts": servicesFile("dev"),
    });
    env = { XDG_CACHE_HOME: join(dir, ".cache") };
  });
  after(() => removeGroup(group, dir));

  /** What the site's container printed first: the stage its image was built to. */
  async function stage(): Promise<string> {
    const { id } = await onlyContainer(group, "site");
    for (let attempt = 0; attempt < 50; attempt++) {
      const logs = (await docker.getContainer(id).logs({ stdout: true, tail: 5 })).toString("utf8");
      const word = /(dev|prod)/.exec(logs)?.[1];
      if (word) return word;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return "";
  }

  it("builds the named stage, and another stage when the field changes", async () => {
    const first = await runBoss(dir, ["start"], { env });
    assert.equal(first.code, 0, first.output);
    assert.equal(await stage(), "dev");
    await writeFile(join(dir, "boss.ts"), servicesFile("prod"));
    const second = await runBoss(dir, ["start"], { env });
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /site: building — rebuilding: the build context changed/);
    assert.equal(await stage(), "prod");
  });
});
