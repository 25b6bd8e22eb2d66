import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { TtyRenderer } from "../../src/cli/render/tty-renderer.js";

function collected(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => text.replace(/\u001b\[[0-9;]*m/g, "") };
}

describe("TtyRenderer progress", () => {
  it("shows a build's step with its latest output line, and a pull's summed percentage", () => {
    const out = collected();
    const renderer = new TtyRenderer(out.stream, new PassThrough());
    renderer.event({ type: "phase", service: "web", phase: "building", detail: "web:dev from ./web" });
    renderer.event({ type: "progress", service: "web", line: "Step 2/5 : RUN npm ci" });
    renderer.event({ type: "progress", service: "web", line: "added 120 packages in 3s" });
    renderer.event({ type: "phase", service: "db", phase: "pulling", detail: "postgres:16" });
    renderer.event({ type: "progress", service: "db", line: "Downloading 42% of 31.5 MB, 2/5 layers done" });
    renderer.finish();
    const lines = out.text().split("\n");
    assert.ok(
      lines.some((l) => l.includes("web building — web:dev from ./web  Step 2/5 · added 120 packages in 3s")),
      out.text(),
    );
    assert.ok(
      lines.some((l) => l.includes("db pulling — postgres:16  Downloading 42% of 31.5 MB, 2/5 layers done")),
      out.text(),
    );
  });
});
