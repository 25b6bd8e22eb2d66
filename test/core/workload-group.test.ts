// The workload's whole process group is stopped (children used to outlive
// it), and its output is read with a bounded line buffer (output without
// newlines used to grow the core without limit).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { LineSplitter } from "../../src/core/process/line-splitter.js";
import { WorkloadProcess } from "../../src/core/process/workload-process.js";
import { captureLogger, eventually } from "./helpers.js";

/** Live processes of a process group, from /proc. */
function groupMembers(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(pgrp) === pgid && state !== "Z" ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
}

const spawnBash = (script: string): Promise<WorkloadProcess> =>
  WorkloadProcess.spawn(["bash", "-c", script], process.env, "/", captureLogger());

describe("the workload's process group", () => {
  it("a stop ends the children too: bash -c 'sleep & sleep & wait'", async () => {
    const workload = await spawnBash("sleep 1000 & sleep 1000 & wait");
    await eventually(() => groupMembers(workload.pid).length === 3, 3000, "bash and two sleeps");
    const exit = await workload.stop(2000);
    assert.equal(exit.killed, false, "SIGTERM was enough");
    assert.deepEqual(groupMembers(workload.pid), []);
  });

  it("children that ignore SIGTERM are killed with the group after the timeout", async () => {
    const workload = await spawnBash("trap '' TERM; sleep 1000 & sleep 1000 & wait");
    await eventually(() => groupMembers(workload.pid).length === 3, 3000, "bash and two sleeps");
    const started = Date.now();
    const exit = await workload.stop(500);
    assert.equal(exit.killed, true);
    assert.ok(Date.now() - started >= 450, "waited for the timeout first");
    assert.deepEqual(groupMembers(workload.pid), []);
  });

  it("a stop after the workload exited on its own still ends what it left running", async () => {
    const workload = await spawnBash("sleep 1000 & exit 3");
    const exited = await workload.exited;
    assert.equal(exited.exitCode, 3);
    assert.equal(groupMembers(workload.pid).length, 1, "the orphaned sleep");
    await workload.stop(2000);
    assert.deepEqual(groupMembers(workload.pid), []);
  });
});

describe("LineSplitter", () => {
  const feed = async (chunks: (string | Buffer)[], max = 10): Promise<string[]> => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), max);
    for (const chunk of chunks) splitter.write(chunk);
    await new Promise<void>((resolve) => splitter.end(resolve));
    return lines;
  };

  it("splits lines across chunks, strips CR, and keeps a last line without newline", async () => {
    assert.deepEqual(await feed(["ab", "c\nde\r\n", "\nf"]), ["abc", "de", "", "f"]);
  });

  it("cuts a long line at the limit, logs its head at once and says how much went", async () => {
    assert.deepEqual(await feed(["0123456789", "", "abcdef\nnext\n"]), [
      "0123456789 …",
      "… (line cut at 10 bytes: 6 more bytes not logged)",
      "next",
    ]);
    assert.deepEqual(await feed(["0123456789\n"]), ["0123456789"], "exactly the limit is not cut");
  });

  it("keeps memory bounded for 200 MB without a newline", async () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const chunk = Buffer.alloc(1024 * 1024, 0x78);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 200; i++) splitter.write(chunk);
    await new Promise<void>((resolve) => splitter.end(resolve));
    const grown = process.memoryUsage().rss - before;
    assert.equal(lines.length, 2);
    assert.equal(lines[0]?.length, 64 * 1024 + 2);
    assert.match(lines[1] ?? "", /line cut at 65536 bytes: 209649664 more bytes/);
    assert.ok(grown < 64 * 1024 * 1024, `rss grew by ${grown} bytes`);
  });

  it("a workload printing 50 MB without a newline yields two bounded log lines", async () => {
    const logger = captureLogger();
    const script = "const b = Buffer.alloc(1 << 20, 120); for (let i = 0; i < 50; i++) process.stdout.write(b);";
    const workload = await WorkloadProcess.spawn([process.execPath, "-e", script], process.env, "/", logger);
    await workload.exited;
    await eventually(() => logger.lines.length === 2, 5000, "the cut note");
    assert.ok(logger.lines.every((l) => l.length < 70 * 1024));
    assert.match(logger.lines[1] ?? "", /52363264 more bytes not logged/);
  });
});
