import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
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
import { freePort } from "./readme-demo-copy.js";

const skip = await engineUnavailable();

/** Each of left and right needs a second of pings to be ready; top needs both and publishes `topPort`. */
function servicesFile(group: string, topPort: number): string {
  return (
    servicesFilePreamble(group) +
    `const stamp = (event: string) => record(event + " " + Date.now());
abstract class SlowToBeReady extends Service {
  image = busybox;
  cmd = httpd("slow");
  firstPing = 0;
  async preStart() { stamp(this.name + ".preStart"); }
  async ping() {
    this.firstPing ||= Date.now();
    stamp(this.name + ".ping");
    return Date.now() - this.firstPing >= 1000;
  }
  async postStart() { stamp(this.name + ".postStart"); }
}
export class Left extends SlowToBeReady { name = "left"; }
export class Right extends SlowToBeReady { name = "right"; }
export class Top extends Service {
  name = "top";
  image = busybox;
  cmd = httpd("top");
  ports = { 80: ${topPort} };
  dependencies = [Left, "right"];
  async preStart() { stamp("top.preStart"); }
  async postStart() { stamp("top.postStart"); }
}
`
  );
}

/** The first time each hook event was recorded, in ms since the epoch. */
async function firstStamps(dir: string): Promise<Map<string, number>> {
  const stamps = new Map<string, number>();
  for (const line of (await readFile(join(dir, "hooks.log"), "utf8")).trim().split("\n")) {
    const [event, at] = line.split(" ");
    if (event && at && !stamps.has(event)) stamps.set(event, Number(at));
  }
  return stamps;
}

function stamp(stamps: Map<string, number>, event: string): number {
  const at = stamps.get(event);
  assert.ok(at !== undefined, `no ${event} in hooks.log: ${JSON.stringify([...stamps])}`);
  return at;
}

async function containerTimes(group: string, service: string): Promise<{ created: number; startedAt: number }> {
  const [info, ...others] = await containersOf(group, service);
  assert.ok(info, `no container for ${service}`);
  assert.equal(others.length, 0, `more than one container for ${service}`);
  const inspected = await docker.getContainer(info.Id).inspect();
  assert.equal(inspected.State.Running, true, `${service} is not running`);
  return { created: Date.parse(inspected.Created), startedAt: Date.parse(inspected.State.StartedAt) };
}

describe("start order: top depends on left and right", { skip, timeout: 60_000 }, () => {
  const group = uniqueGroup("order");
  let dir = "";
  before(async () => {
    dir = await makeProject({ "boss.ts": servicesFile(group, await freePort()) });
  });
  after(() => removeGroup(group, dir));

  it("starts left and right in parallel and top only once both are ready", async () => {
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^top: waiting — on left, right$/m);

    const stamps = await firstStamps(dir);
    const left = { pre: stamp(stamps, "left.preStart"), post: stamp(stamps, "left.postStart") };
    const right = { pre: stamp(stamps, "right.preStart"), post: stamp(stamps, "right.postStart") };
    const topPreStart = stamp(stamps, "top.preStart");

    // Each needed a second of pings; one after the other would put ≥ 1 s between their preStarts.
    for (const [name, span] of Object.entries({ left, right })) {
      assert.ok(
        span.post - span.pre >= 1000,
        `${name} was ready after ${span.post - span.pre} ms, before its ping allowed`,
      );
    }
    assert.ok(Math.abs(left.pre - right.pre) < 1000, `preStarts ${Math.abs(left.pre - right.pre)} ms apart`);
    assert.ok(left.pre < right.post && right.pre < left.post, "left and right did not overlap");
    assert.ok(topPreStart >= Math.max(left.post, right.post), "top's preStart ran before both dependencies were ready");

    // The engine agrees: left and right started together, top was created after both postStarts.
    const [l, r, t] = await Promise.all(["left", "right", "top"].map((s) => containerTimes(group, s)));
    assert.ok(l && r && t);
    assert.ok(Math.abs(l.startedAt - r.startedAt) < 1000, `left/right StartedAt ${l.startedAt} vs ${r.startedAt}`);
    // Docker's timestamps are truncated to the millisecond by Date.parse, node's are whole ms: compare with 1 ms slack.
    assert.ok(t.created + 1 >= Math.max(left.post, right.post), "top's container was created before both were ready");
    assert.ok(t.startedAt + 1 >= t.created, "top started before it was created");
  });

  // The engine answers a stop once it has cleaned up behind the container (its published port): boss moves on
  // as soon as top's process is gone, which the engine tells first ("die").
  it("stops left and right once top's process is gone, without waiting for the engine's cleanup of top", async () => {
    const events = await engineEvents(group, async () => {
      const run = await runBoss(dir, ["stop"]);
      assert.equal(run.code, 0, run.output);
      assert.match(run.stdout, /^stopped: left, right, top$/m);
    });
    const at = (service: string, action: string): number => {
      const event = events.find((e) => e.service === service && e.action === action);
      assert.ok(event, `no ${action} of ${service} in ${JSON.stringify(events)}`);
      return event.timeNano;
    };
    for (const dependency of ["left", "right"]) {
      assert.ok(at("top", "die") < at(dependency, "kill"), `${dependency} was signalled before top died`);
      assert.ok(at(dependency, "kill") < at("top", "stop"), `${dependency} waited for the engine's stop of top`);
    }
    for (const info of await containersOf(group))
      assert.equal(info.State, "exited", `${info.Names[0]} still ${info.State}`);
  });
});

/** The group's container events (service, action, engine time) while `during` runs. */
async function engineEvents(
  group: string,
  during: () => Promise<void>,
): Promise<Array<{ service: string; action: string; timeNano: number }>> {
  const stream = (await docker.getEvents({
    filters: { type: ["container"], label: [`boss.group=${group}`] },
  })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  try {
    await during();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last events on their way
  } finally {
    stream.destroy();
  }
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map(
      (line) => JSON.parse(line) as { Action: string; timeNano: number; Actor: { Attributes: Record<string, string> } },
    )
    .map((e) => ({ service: e.Actor.Attributes["boss.service"] ?? "", action: e.Action, timeNano: e.timeNano }));
}
