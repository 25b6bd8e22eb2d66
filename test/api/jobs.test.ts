import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { StartFailedError } from "../../src/api/group-errors.js";
import { loadGroup } from "../../src/api/load-group.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

const folders: TempDir[] = [];
after(() => folders.forEach((f) => f.remove()));

function jobsFolder(): TempDir {
  const folder = makeTempDir();
  folders.push(folder);
  folder.write(
    "boss.ts",
    `import { Service, group } from "boss";
group("jobs-api");
export class Migrate extends Service { name = "migrate"; image = "busybox"; job = true; }
export class Api extends Service { name = "api"; image = "busybox"; dependencies = [Migrate]; }
`,
  );
  return folder;
}

describe("jobs through the API (group.start)", () => {
  it("does not rerun a completed job unless rerunJobs asks", async () => {
    const client = new FakeContainerClient();
    client.crashOnStart.set("migrate", { exitCode: 0, logs: "" });
    const group = await loadGroup(join(jobsFolder().path, "boss.ts"), { client });
    const action = (summary: Awaited<ReturnType<typeof group.start>>) =>
      summary.started.find((s) => s.name === "migrate")?.action;
    assert.equal(action(await group.start()), "completed");
    assert.equal(action(await group.start()), "completed-earlier");
    assert.equal(action(await group.start({ rerunJobs: true })), "completed");
    assert.equal(client.callsOf("create").filter((c) => c === "migrate").length, 2);
  });

  it("rejects with a StartFailedError naming the job's exit code when it fails", async () => {
    const client = new FakeContainerClient();
    client.crashOnStart.set("migrate", { exitCode: 5, logs: "no database\n" });
    const group = await loadGroup(join(jobsFolder().path, "boss.ts"), { client });
    await assert.rejects(group.start(), (error: unknown) => {
      assert.ok(error instanceof StartFailedError);
      assert.match(error.message, /migrate — job exited with code 5; last 20 log lines:\nno database/);
      assert.deepEqual(error.summary.skipped, [{ name: "api", because: "migrate" }]);
      return true;
    });
  });
});
