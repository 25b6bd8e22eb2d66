// loadGroup() against the real engine: published ports as the engine reports
// them, the events the CLI renders, and typed errors instead of exit codes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DockerUnavailableError,
  ExitCode,
  StartFailedError,
  loadGroup,
  type OrchestratorEvent,
  type ServiceGroup,
} from "../src/index.js";
import {
  removeGroup,
  containersOf,
  engineUnavailable,
  makeProject,
  networksOf,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";
import { freePort } from "./readme-demo-copy.js";

const skip = await engineUnavailable();

describe("the programmatic API against the engine", { skip, timeout: 90_000 }, () => {
  const name = uniqueGroup("api");
  let dir = "";
  let group: ServiceGroup;
  const events: OrchestratorEvent[] = [];

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(name) +
        `export class Web extends Service {
  name = "web"; image = busybox; cmd = httpd("hello from web"); ports = { 80: Number(process.env.API_TEST_PORT) };
  postStart() { Context.set("web_started", true); }
}
export class Broken extends Service {
  name = "broken"; image = busybox; cmd = ["sh", "-c", "echo cannot start; exit 4"]; dependencies = [Web];
  ping() { return false; }
}
export class Reporter extends Service {
  name = "reporter"; image = busybox; cmd = httpd("reporter"); dependencies = ["broken"];
}
`,
    });
    process.env.API_TEST_PORT = String(await freePort()); // read by the services file when it loads
    group = await loadGroup(dir, { onEvent: (event) => events.push(event) });
  });
  after(() => removeGroup(name, dir));

  it("rejects a start with failures with a StartFailedError carrying the summary", async () => {
    const error: unknown = await group.start({ timeoutSeconds: 30 }).then(
      () => assert.fail("start resolved although broken exited"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StartFailedError, String(error));
    assert.equal(error.exitCode, ExitCode.serviceFailed);
    assert.deepEqual(
      error.summary.started.map((s) => [s.name, s.action]),
      [["web", "created"]],
    );
    assert.deepEqual(
      error.summary.failed.map((f) => f.name),
      ["broken"],
    );
    assert.match(error.summary.failed[0]?.message ?? "", /cannot start/);
    assert.deepEqual(error.summary.skipped, [{ name: "reporter", because: "broken" }]);
    // The same events the CLI renders, in order for each service.
    const web = events.flatMap((e) => (e.type === "phase" && e.service === "web" ? [e.phase] : []));
    assert.deepEqual(
      web.filter((p) => ["creating", "starting", "post-start", "ready"].includes(p)),
      ["creating", "starting", "post-start", "ready"],
    );
    assert.ok(events.some((e) => e.type === "phase" && e.service === "broken" && e.phase === "failed"));
  });

  it("reports the services' states and published ports as the engine has them", async () => {
    const services = await group.services();
    const web = services.find((s) => s.name === "web");
    assert.equal(web?.state, "running");
    const port = Number(process.env.API_TEST_PORT);
    assert.ok(web?.ports.some((p) => p.containerPort === 80 && p.protocol === "tcp" && p.hostPort === port));
    assert.equal(await group.hostPort("web", 80), port);
    assert.equal(services.find((s) => s.name === "reporter")?.state, "missing");
    const page = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
    assert.equal((await page.text()).trim(), "hello from web");
    assert.deepEqual(group.context, { web_started: true });
    await assert.rejects(group.hostPort("reporter", 80), /reporter publishes no 80\/tcp \(it is missing\)/);
  });

  it("starts what it can with exclude, and stops and removes everything", async () => {
    const summary = await group.start({ exclude: ["broken", "reporter"] });
    assert.deepEqual(
      summary.started.map((s) => [s.name, s.action]),
      [["web", "kept"]],
    );
    const stopped = await group.stop({ remove: true });
    assert.deepEqual(stopped.stopped, ["web"]);
    assert.equal(stopped.removedNetwork, true);
    assert.deepEqual(await containersOf(name), []);
    assert.deepEqual(await networksOf(name), []);
  });

  it("rejects with DockerUnavailableError when no engine answers", async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock";
    let unreachable: ServiceGroup;
    try {
      unreachable = await loadGroup(dir);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    const error: unknown = await unreachable.start().catch((e: unknown) => e);
    assert.ok(error instanceof DockerUnavailableError, String(error));
    assert.equal(error.exitCode, ExitCode.dockerUnavailable);
    assert.match(error.message, /DOCKER_HOST=unix:\/\/\/nonexistent\/docker\.sock/);
  });
});
