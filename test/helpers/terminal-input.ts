import { PassThrough } from "node:stream";

/** A stdin that claims to be a terminal, as a TTY's ReadStream does, and keeps each raw-mode switch. */
export class TerminalInput extends PassThrough {
  readonly isTTY = true;
  /** Every setRawMode() call, in order: true when a process got the terminal, false when boss took it back. */
  readonly rawModes: boolean[] = [];

  setRawMode(raw: boolean): this {
    this.rawModes.push(raw);
    return this;
  }
}
