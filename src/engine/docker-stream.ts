/**
 * Docker multiplexes a non-TTY container's stdout and stderr into one stream
 * of frames: an 8-byte header (stream type, 3 zero bytes, big-endian length)
 * then the payload. This splits such a buffer back into text.
 */
export function demultiplex(buffer: Buffer): { stdout: string; stderr: string; combined: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const all: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const type = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + size);
    if (type === 2) err.push(payload);
    else out.push(payload);
    all.push(payload);
    offset += 8 + size;
  }
  // A TTY container's logs are not framed: the header check above would misread them.
  if (offset === 0 && buffer.length > 0 && !looksFramed(buffer)) {
    const text = buffer.toString("utf8");
    return { stdout: text, stderr: "", combined: text };
  }
  const text = (parts: Buffer[]) => Buffer.concat(parts).toString("utf8");
  return { stdout: text(out), stderr: text(err), combined: text(all) };
}

function looksFramed(buffer: Buffer): boolean {
  const type = buffer[0] ?? 255;
  return type <= 2 && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
}
