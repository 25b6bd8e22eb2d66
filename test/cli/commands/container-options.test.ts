import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder } from "../fake-engine-folder.js";

const services = (memory: string) => `
import { Service, group } from "boss";
group("shop");
export class Db extends Service {
  name = "db";
  image = "busybox";
  memory = ${JSON.stringify(memory)};
  stopGracePeriod = "45s";
}
export class Docs extends Service { name = "docs"; image = "busybox"; }
`;

let group: FakeEngineFolder | undefined;
afterEach(() => group?.remove());

describe("container options (in-process, fake engine)", () => {
  it("boss stop waits each service's stopGracePeriod; --timeout overrides it", async () => {
    group = new FakeEngineFolder(services("64m"));
    assert.equal((await group.boss(["start"])).code, ExitCode.ok);
    assert.equal((await group.boss(["stop"])).code, ExitCode.ok);
    assert.deepEqual(Object.fromEntries(group.client.stopTimeouts), { db: 45, docs: 10 });
    assert.equal((await group.boss(["start"])).code, ExitCode.ok);
    assert.equal((await group.boss(["stop", "--timeout", "3"])).code, ExitCode.ok);
    assert.deepEqual(Object.fromEntries(group.client.stopTimeouts), { db: 3, docs: 3 });
  });

  it("a bad option exits 2 naming the file, the class and the field, and starts nothing", async () => {
    group = new FakeEngineFolder(services("lots"));
    const run = await group.boss(["start"]);
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /boss\.ts: Db: memory: expected bytes or a size such as "512m" or "1g", got "lots"/);
    assert.equal(group.client.containers.size, 0);
  });
});
