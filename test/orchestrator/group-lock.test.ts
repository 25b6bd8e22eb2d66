import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { GroupBusyError, InterruptedError } from "../../src/errors.js";
import { lockGroup, type GroupLockRequest } from "../../src/orchestrator/group-lock.js";
import { startProcess } from "../helpers/run-process.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

let dir: TempDir;
let previous: string | undefined;

beforeEach(() => {
  dir = makeTempDir();
  previous = process.env.BOSS_LOCK_DIR;
  process.env.BOSS_LOCK_DIR = dir.path;
});
afterEach(() => {
  if (previous === undefined) delete process.env.BOSS_LOCK_DIR;
  else process.env.BOSS_LOCK_DIR = previous;
  dir.remove();
});

function request(overrides: Partial<GroupLockRequest> = {}): GroupLockRequest {
  return {
    group: "shop",
    address: "unix:/var/run/docker.sock",
    command: "start",
    waitSeconds: 5,
    onWait: () => undefined,
    onUnavailable: (why) => assert.fail(why),
    ...overrides,
  };
}

describe("lockGroup", () => {
  it("lets a second holder in only after the first released, saying whom it waited for", async () => {
    const first = await lockGroup(request({ command: "stop" }));
    const waited: string[] = [];
    let got = false;
    const second = lockGroup(request({ onWait: (holder) => waited.push(holder) })).then((lock) => {
      got = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(got, false, "the second waits while the first holds it");
    assert.deepEqual(waited, [`boss stop (pid ${process.pid})`]);
    await first.release();
    await (await second).release();
    assert.equal(got, true);
  });

  it("gives up after its wait with GroupBusyError, naming the holder", async () => {
    const first = await lockGroup(request());
    await assert.rejects(lockGroup(request({ waitSeconds: 0.3 })), (error: unknown) => {
      assert.ok(error instanceof GroupBusyError);
      assert.equal(error.exitCode, 4);
      assert.match(
        error.message,
        /group shop is busy: boss start \(pid \d+\) still holds it; gave up waiting after 0\.3 s/,
      );
      return true;
    });
    await first.release();
  });

  it("stops waiting when interrupted", async () => {
    const first = await lockGroup(request());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(lockGroup(request({ signal: controller.signal })), InterruptedError);
    await first.release();
  });

  it("keeps groups and engines apart", async () => {
    const shop = await lockGroup(request());
    const other = await lockGroup(request({ group: "other", waitSeconds: 0 }));
    const remote = await lockGroup(request({ address: "tcp://build-box:2375", waitSeconds: 0 }));
    await Promise.all([shop.release(), other.release(), remote.release()]);
  });

  it("is taken over at once when its holder is killed", async () => {
    // A real process takes the lock and is killed with SIGKILL: the kernel drops it, no stale file matters.
    const holder = startProcess(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("${new URL("../../src/orchestrator/group-lock.ts", import.meta.url).pathname}").then(async ({ lockGroup }) => {
          await lockGroup({ group: "shop", address: "unix:/var/run/docker.sock", command: "start", waitSeconds: 1,
            onWait() {}, onUnavailable() {} });
          console.log("locked");
          setInterval(() => {}, 1000);
        });`,
      ],
      { env: { ...process.env, BOSS_LOCK_DIR: dir.path } },
    );
    await holder.printed("locked");
    await assert.rejects(lockGroup(request({ waitSeconds: 0 })), GroupBusyError, "held by the other process");
    holder.child.kill("SIGKILL");
    await holder.finished;
    const began = Date.now();
    const lock = await lockGroup(request({ waitSeconds: 0 }));
    assert.ok(Date.now() - began < 500, "taken at once");
    await lock.release();
  });
});
