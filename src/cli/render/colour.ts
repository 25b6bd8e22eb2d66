import { Chalk, type ChalkInstance } from "chalk";

// Our own instances: chalk's default one decides from process.stdout, not from the stream a command writes to.
const sixteenColours = new Chalk({ level: 1 });
const noColours = new Chalk({ level: 0 });

/** Styles that colour when `enabled` and are plain text otherwise (boss uses only the 16 basic colours). */
export function colours(enabled: boolean): ChalkInstance {
  return enabled ? sixteenColours : noColours;
}
