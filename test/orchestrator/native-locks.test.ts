import assert from "node:assert/strict";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { loadNativeLocks } from "../../src/orchestrator/native-locks.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

let folder: TempDir;
beforeEach(() => {
  folder = makeTempDir();
});
afterEach(() => folder.remove());

describe("loadNativeLocks", () => {
  it("gives an exclusive lock a second open of the same file cannot take until it is released", async () => {
    const locks = loadNativeLocks();
    const path = join(folder.path, "group.lock");
    const first = await open(path, "a+");
    const second = await open(path, "a+");
    try {
      assert.equal(locks.tryLock(first.fd), true);
      assert.equal(locks.tryLock(second.fd), false, "held by the first");
      locks.unlock(first.fd);
      assert.equal(locks.tryLock(second.fd), true, "released");
    } finally {
      await first.close();
      await second.close();
    }
  });
});
