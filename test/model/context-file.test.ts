import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { contextFilePath, readContextFile, removeContextFile, writeContextFile } from "../../src/model/context-file.js";
import { Context } from "../../src/model/context.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { loadContext } from "../../src/orchestrator/context-store.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";
import { fakeProject } from "../fakes/fake-project.js";

let folder: TempDir;
let path: string;

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  path = contextFilePath(folder.path);
});
afterEach(() => folder.remove());

const values = { owner_id: 42, token: "t-1", flags: [true, null], nested: { region: "eu" } };

describe("context file", () => {
  it("lives beside the services file as .boss-context", () => {
    assert.equal(path, join(folder.path, ".boss-context"));
  });

  it("reads back what it wrote", async () => {
    writeContextFile(path, values);
    assert.deepEqual(await readContextFile(path), values);
  });

  it("is an empty context when missing", async () => {
    assert.deepEqual(await readContextFile(path), {});
  });

  it("writes atomically: no temp file is left beside it", () => {
    writeContextFile(path, values);
    writeContextFile(path, { owner_id: 43 });
    assert.deepEqual(readdirSync(folder.path), [".boss-context"]);
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), { owner_id: 43 });
  });

  it("is readable only by its owner (mode 0600)", () => {
    writeContextFile(path, values);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it("refuses a file that is not JSON, naming it", async () => {
    writeFileSync(path, "{ owner_id: 42 ");
    await expectUserError(() => readContextFile(path), [`${path}: is not valid JSON (`, "fix or delete it"]);
  });

  it("refuses JSON that is not an object of key: value", async () => {
    writeFileSync(path, "[1, 2]");
    await expectUserError(() => readContextFile(path), [`${path}: must hold a JSON object of key: value`]);
  });

  it("is never overwritten after it was found corrupt: loadContext fails and leaves it as it was", async () => {
    const corrupt = '{"owner_id": 42, "token": ';
    writeFileSync(path, corrupt);
    const { project } = fakeProject([{ name: "db" }], folder.path);
    Context.set("owner_id", 7);
    await expectUserError(() => loadContext(project), [`${path}: is not valid JSON`]);
    assert.equal(readFileSync(path, "utf8"), corrupt);
    assert.deepEqual(readdirSync(folder.path), [".boss-context"]);
  });

  it("loadContext puts the saved values into the Context", async () => {
    writeContextFile(path, values);
    const { project } = fakeProject([{ name: "db" }], folder.path);
    await loadContext(project);
    assert.deepEqual(Context.all(), values);
  });

  it("is removed by removeContextFile, which accepts a missing file", async () => {
    writeContextFile(path, values);
    await removeContextFile(path);
    await removeContextFile(path);
    assert.deepEqual(readdirSync(folder.path), []);
  });
});
