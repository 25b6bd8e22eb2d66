import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FrameDecoder, type LogChunk } from "../../src/engine/log-stream.js";

/** One Docker frame: stream type, three zero bytes, big-endian length, payload. */
function frame(type: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const text = (chunks: LogChunk[]) => chunks.map((c) => `${c.stream}:${c.data.toString()}`);

describe("FrameDecoder", () => {
  it("tags each frame with its stream", () => {
    const decoder = new FrameDecoder();
    const chunks = decoder.push(Buffer.concat([frame(1, "out\n"), frame(2, "err\n"), frame(1, "more")]));
    assert.deepEqual(text(chunks), ["stdout:out\n", "stderr:err\n", "stdout:more"]);
  });

  it("keeps a frame split across pushes (inside the header and inside the payload) until it is whole", () => {
    const bytes = Buffer.concat([frame(2, "first line\n"), frame(1, "second\n")]);
    const decoder = new FrameDecoder();
    const seen: LogChunk[] = [];
    seen.push(...decoder.push(bytes.subarray(0, 3)));
    assert.equal(seen.length, 0);
    seen.push(...decoder.push(bytes.subarray(3, 10)));
    assert.equal(seen.length, 0);
    seen.push(...decoder.push(bytes.subarray(10, 22)));
    assert.deepEqual(text(seen), ["stderr:first line\n"]);
    seen.push(...decoder.push(bytes.subarray(22)));
    assert.deepEqual(text(seen), ["stderr:first line\n", "stdout:second\n"]);
    assert.equal(decoder.leftover, 0);
  });

  it("passes a TTY container's unframed output through as stdout", () => {
    const decoder = new FrameDecoder(true);
    assert.deepEqual(text(decoder.push(Buffer.from("\u0001raw text"))), ["stdout:\u0001raw text"]);
  });
});
