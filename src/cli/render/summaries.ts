import chalk from "chalk";
import type { SummaryLine, Tone } from "../../report/summary-lines.js";

const colours: Record<Tone, (text: string) => string> = {
  ok: chalk.green,
  bad: chalk.red,
  warn: chalk.yellow,
  plain: (text) => text,
};

/** Summary lines as the CLI prints them: coloured by tone on a terminal, plain text elsewhere. */
export function paintLines(lines: readonly SummaryLine[], styled: boolean): string[] {
  return lines.map((line) => (styled ? colours[line.tone](line.text) : line.text));
}
