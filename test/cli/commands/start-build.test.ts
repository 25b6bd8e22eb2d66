import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { makeTempDir, type TempDir } from "../../helpers/temp-dir.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

const services = `
import { Service, group } from "boss";
group("blog");
export class Site extends Service { name = "site"; image = "blog-site:dev"; buildFrom = "site"; }
`;

let group: FakeEngineFolder;
let cacheHome: TempDir;
const savedCacheHome = process.env.XDG_CACHE_HOME;

// The context-hash cache goes to the user's cache folder: a temporary one here.
before(() => {
  cacheHome = makeTempDir("boss-cache-");
  process.env.XDG_CACHE_HOME = cacheHome.path;
});
after(() => {
  if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCacheHome;
  cacheHome.remove();
});
beforeEach(async () => {
  group = new FakeEngineFolder(services);
  group.folder.write("site/Dockerfile", "FROM busybox\n");
  const start = await group.boss(["start"]);
  assert.equal(start.code, ExitCode.ok, start.stdout + start.stderr);
});
afterEach(() => group.remove());

describe("boss start --build (in-process, fake engine)", () => {
  it("builds nothing when the context is unchanged, and everything with --build, saying why", async () => {
    const again = await group.boss(["start", "--plain"]);
    assert.equal(again.code, ExitCode.ok, again.stderr);
    assert.deepEqual(group.client.callsOf("build"), ["blog-site:dev"]);
    const rebuilt = await group.boss(["start", "--build", "--json"]);
    assert.equal(rebuilt.code, ExitCode.ok, rebuilt.stderr);
    assert.deepEqual(group.client.callsOf("build"), ["blog-site:dev", "blog-site:dev"]);
    const building = jsonLines(rebuilt.stdout).find((e) => e.phase === "building");
    assert.match(String(building?.detail), /^rebuilding: boss start --build/);
  });

  it("rebuilds by itself when a file of the build context changed", async () => {
    group.folder.write("site/index.html", "<h1>new</h1>\n");
    const run = await group.boss(["start", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /site: building — rebuilding: the build context changed/);
  });
});
