import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Label } from "../../src/engine/labels.js";
import { Context } from "../../src/model/context.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { execInService } from "../../src/orchestrator/exec-in-service.js";
import type { ProcessConsole } from "../../src/orchestrator/process-console.js";
import { runOneOff } from "../../src/orchestrator/run-one-off.js";
import { serviceStatuses } from "../../src/orchestrator/status.js";
import { stopServices } from "../../src/orchestrator/stop.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";
import { fakeProject } from "../fakes/fake-project.js";

/** A console over pipes that records what attach/release did. */
function pipes(): ProcessConsole & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), tty: false },
    attach: (attached) => {
      log.push(`attach:${attached.id}`);
      return () => log.push("release");
    },
  };
}

let dir: TempDir;
beforeEach(() => {
  resetOutsideGroupState();
  dir = makeTempDir();
});
afterEach(() => dir.remove());

const services = () => [
  { name: "db" },
  { name: "cache" },
  { name: "api", dependencies: ["db"], env: { OWNER: "{owner}" }, cmd: ["serve"], volumes: ["./data:/data"] },
];

describe("runOneOff", () => {
  it("starts the dependencies, runs a labelled one-off with the interpolated env, and removes it afterwards", async () => {
    const { project, client } = fakeProject(services(), dir.path);
    Context.set("owner", "o-7");
    let seen: { cmd: string[]; labels: Record<string, string>; env: Record<string, string> } | undefined;
    client.process = (command) => {
      const [container] = [...client.containers.values()].filter((c) => c.spec.labels[Label.oneOff] === "true");
      seen = { cmd: command, labels: container?.spec.labels ?? {}, env: container?.spec.env ?? {} };
      return 3;
    };
    const console = pipes();
    const code = await runOneOff(project, { service: "api", command: ["sh", "-c", "exit 3"] }, console);

    assert.equal(code, 3);
    assert.deepEqual(client.calls.slice(0, 3), ["network:boss-shop", "create:db", "start:db"]);
    assert.equal(client.callsOf("create").includes("cache"), false, "cache is not a dependency of api");
    assert.deepEqual(seen?.cmd, ["sh", "-c", "exit 3"]);
    assert.deepEqual(seen?.labels, { [Label.group]: "shop", [Label.service]: "api", [Label.oneOff]: "true" });
    assert.equal(seen?.env.OWNER, "o-7");
    assert.equal(console.log.length, 2);
    assert.match(console.log[0] ?? "", /^attach:c\d+$/);
    assert.equal(console.log[1], "release");
    assert.deepEqual(client.callsOf("remove+volumes"), ["api"], "with the anonymous volumes made for it");
    assert.equal(client.containersOf("api").length, 0);
  });

  it("pings a kept dependency before the one-off runs, and a kept one it does not use not at all", async () => {
    const pings: string[] = [];
    const pinged = (name: string) => ({
      name,
      ping: () => {
        pings.push(name);
        return true;
      },
    });
    const chain = [
      pinged("db"),
      { ...pinged("cache"), dependencies: ["db"] },
      { name: "api", dependencies: ["cache"] },
    ];
    const { project, client } = fakeProject(chain, dir.path);
    client.process = () => 0;
    assert.equal(await runOneOff(project, { service: "api", command: [] }, pipes()), 0);
    assert.deepEqual(pings, ["db", "cache"], "the first run starts both");
    assert.equal(await runOneOff(project, { service: "api", command: [] }, pipes()), 0);
    assert.deepEqual(pings, ["db", "cache", "cache"], "kept: only what the one-off uses is pinged again");
  });

  it("keeps the service's cmd without a command, and with --no-deps starts nothing", async () => {
    const { project, client } = fakeProject(services(), dir.path);
    Context.set("owner", "o-7");
    let cmd: string[] = [];
    client.process = (command) => ((cmd = command), 0);
    assert.equal(await runOneOff(project, { service: "api", command: [], noDeps: true }, pipes()), 0);
    assert.deepEqual(cmd, ["serve"]);
    assert.deepEqual(client.callsOf("start"), []);
    assert.deepEqual(client.callsOf("network"), ["boss-shop"]);
  });

  it("is not mistaken for the service's container by start, stop or status", async () => {
    const { project, client } = fakeProject(services(), dir.path);
    Context.set("owner", "o-7");
    let during: Promise<{ status: string[]; stop: string[] }> | undefined;
    client.process = () => {
      // Asked while the one-off runs (the group's lock is not held by then: stop does not wait).
      during = Promise.all([serviceStatuses(project), stopServices(project)]).then(([status, stop]) => ({
        status: status.services.map((s) => `${s.name}:${s.state}`),
        stop: stop.stopped,
      }));
      return 0;
    };
    await runOneOff(project, { service: "api", command: ["true"], noDeps: true }, pipes());
    assert.deepEqual(await during, { status: ["db:missing", "cache:missing", "api:missing"], stop: [] });
  });

  it("refuses an unknown service as a user error", async () => {
    const { project } = fakeProject(services(), dir.path);
    await expectUserError(
      () => runOneOff(project, { service: "nope", command: [] }, pipes()),
      ['run: unknown service "nope"'],
    );
  });
});

describe("execInService", () => {
  it("runs the command in the running container and returns its exit code", async () => {
    const { project, client } = fakeProject(services(), dir.path);
    await client.addRunning("shop", "db");
    let cmd: string[] = [];
    client.process = (command) => ((cmd = command), 42);
    assert.equal(await execInService(project, "db", ["psql", "-c", "select 1"], pipes()), 42);
    assert.deepEqual(cmd, ["psql", "-c", "select 1"]);
    assert.deepEqual(client.callsOf("exec"), ["db"]);
  });

  it("says the service is not running", async () => {
    const { project } = fakeProject(services(), dir.path);
    await expectUserError(() => execInService(project, "db", ["sh"], pipes()), ['exec: "db" is not running']);
  });
});
