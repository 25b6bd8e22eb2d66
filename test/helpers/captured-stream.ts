import { clearLine, cursorTo, moveCursor, type Direction } from "node:readline";
import { Writable } from "node:stream";

/**
 * A stream that keeps what is written to it, for a command's stdout or stderr.
 * `terminal` makes it act as a TTY's WriteStream does (isTTY, a size, the
 * cursor methods writing their escape codes), so that boss draws its live
 * view into it.
 */
export class CapturedStream extends Writable {
  text = "";
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  readonly rows: number | undefined;

  constructor(options: { terminal?: boolean } = {}) {
    super();
    this.isTTY = options.terminal === true;
    this.columns = this.isTTY ? 100 : undefined;
    this.rows = this.isTTY ? 30 : undefined;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }

  cursorTo(x: number, y?: number): boolean {
    return cursorTo(this, x, y);
  }

  moveCursor(dx: number, dy: number): boolean {
    return moveCursor(this, dx, dy);
  }

  clearLine(direction: Direction): boolean {
    return clearLine(this, direction);
  }
}
