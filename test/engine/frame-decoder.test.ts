import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FrameDecoder } from "../../src/engine/frame-decoder.js";
import type { LogChunk } from "../../src/engine/log-stream.js";

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
  });

  it("gives the same chunks whether the stream arrives whole or one byte at a time", () => {
    const bytes = Buffer.concat([frame(1, "a"), frame(2, "bb"), frame(1, "ccc\n")]);
    const byByte = new FrameDecoder();
    const seen = [...bytes].flatMap((byte) => byByte.push(Buffer.from([byte])));
    assert.deepEqual(text(seen), text(new FrameDecoder().push(bytes)));
  });

  it("keeps no reference into a pushed buffer the caller may reuse", () => {
    const bytes = frame(1, "kept");
    const [chunk] = new FrameDecoder().push(bytes);
    bytes.fill(0);
    assert.equal(chunk?.data.toString(), "kept");
  });

  it("skips empty frames and empty pushes", () => {
    const decoder = new FrameDecoder();
    assert.deepEqual(decoder.push(Buffer.alloc(0)), []);
    assert.deepEqual(text(decoder.push(Buffer.concat([frame(1, ""), frame(2, "x")]))), ["stderr:x"]);
  });

  it("passes a TTY container's unframed output through as stdout", () => {
    const decoder = new FrameDecoder(true);
    assert.deepEqual(text(decoder.push(Buffer.from("\u0001raw text"))), ["stdout:\u0001raw text"]);
    assert.deepEqual(decoder.push(Buffer.alloc(0)), []);
  });
});
