import type { SummaryLine, Tone } from "../../report/summary-lines.js";
import { colours } from "./colour.js";

const paint = colours(true);
const tones: Record<Tone, (text: string) => string> = {
  ok: paint.green,
  bad: paint.red,
  warn: paint.yellow,
  plain: (text) => text,
};

/** Summary lines as the CLI prints them: coloured by tone when colour is wanted, plain text otherwise. */
export function paintLines(lines: readonly SummaryLine[], styled: boolean): string[] {
  return lines.map((line) => (styled ? tones[line.tone](line.text) : line.text));
}
