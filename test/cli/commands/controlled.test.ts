import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { CoreFakeClient, FakeCore } from "../../orchestrator/ccc/fake-core.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

// feed embeds the Container Control Core (a fake one here, on a local port); plain has none.
const services = `
import { Service, group } from "boss";
group("lab");
export class Feed extends Service { name = "feed"; image = "busybox"; control = { payload: { rate: 5 } }; }
export class Plain extends Service { name = "plain"; image = "busybox"; }
`;

let group: FakeEngineFolder<CoreFakeClient>;
let core: FakeCore;

beforeEach(async () => {
  group = new FakeEngineFolder(services, new CoreFakeClient());
  // The fake core checks the token boss gave the container, as the real one does.
  core = new FakeCore(() => group.client.containersOf("feed")[0]?.spec.env.CCC_TOKEN, group.client.calls);
  group.client.corePort = await core.listen();
  const start = await group.boss(["start"]);
  assert.equal(start.code, ExitCode.ok, start.stdout + start.stderr);
});

afterEach(async () => {
  await core.close();
  group.remove();
});

describe("boss metrics (in-process, fake engine and core)", () => {
  it("a table of what the cores report", async () => {
    const run = await group.boss(["metrics"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(run.stdout.trimEnd().split("\n"), [
      "SERVICE  STATE    CPU    MEMORY   NET RX  NET TX  PROCESS CPU  RSS  RESTARTS",
      "feed     running  12.5%  1.0 MiB  -       -       -            -    -",
    ]);
  });

  it("--json: one document, a key per service", async () => {
    const run = await group.boss(["metrics", "--json"]);
    assert.deepEqual(jsonLines(run.stdout), [
      { feed: { state: "running", container: { cpu_percent: 12.5, memory_usage_bytes: 1_048_576 } } },
    ]);
  });

  it("a core that cannot be asked: an error row, the reason on stderr, exit 1", async () => {
    group.client.exit("feed", 0);
    const run = await group.boss(["metrics"]);
    assert.equal(run.code, ExitCode.serviceFailed);
    assert.match(run.stdout, /^feed {5}error {2}- {4}-/m);
    assert.equal(run.stderr, "boss: feed: not running (run boss start first)\n");
    const json = await group.boss(["metrics", "--json"]);
    assert.deepEqual(jsonLines(json.stdout), [{ feed: { error: "feed: not running (run boss start first)" } }]);
  });

  it("refuses a service without control, and --json with --prometheus, with exit 2", async () => {
    const plain = await group.boss(["metrics", "plain"]);
    assert.equal(plain.code, ExitCode.userError);
    assert.match(plain.stderr, /Plain: control: is not set/);
    const both = await group.boss(["metrics", "--json", "--prometheus"]);
    assert.equal(both.code, ExitCode.userError);
    assert.match(both.stderr, /choose one of --json and --prometheus/);
  });
});

describe("boss update (in-process, fake engine and core)", () => {
  it("posts the values and says what was applied", async () => {
    const run = await group.boss(["update", "feed", "bandwidth_limit=5"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, 'feed: applied {"bandwidth_limit":5}\n');
    assert.deepEqual(core.calls.at(-1)?.body, { bandwidth_limit: 5 });
  });

  it("--json: the result line with the core's answer", async () => {
    const run = await group.boss(["update", "feed", "bandwidth_limit=5", "--json"]);
    const [result] = jsonLines(run.stdout);
    assert.equal(result?.type, "result");
    assert.equal(result?.command, "update");
    assert.equal(result?.service, "feed");
    assert.equal(result?.applied, true);
  });

  it("an update the adapter does not support: exit 1 and the core's reason", async () => {
    const run = await group.boss(["update", "feed", "color=red"]);
    assert.equal(run.code, ExitCode.serviceFailed);
    assert.equal(
      run.stderr,
      "boss: feed: update not supported: the adapter does not support this update (keys: color)\n",
    );
  });
});
