// A goal the report marks met or MISSED, with the figures behind the verdict.

export interface Target {
  text: string;
  /** Undefined when the run did not measure it. */
  met: boolean | undefined;
  detail: string;
}

export function targetLine(target: Target): string {
  const mark = target.met === undefined ? "NOT MEASURED" : target.met ? "met" : "MISSED";
  return `- **${mark}** — ${target.text}: ${target.detail}`;
}

/** The verdict column of a table row: met, MISSED or – (not measured). */
export function verdict(met: boolean | undefined): string {
  return met === undefined ? "–" : met ? "met" : "**MISSED**";
}

/** `met` for a figure, or undefined when the figure is missing. */
export function within(value: number, bound: number): boolean | undefined {
  return Number.isFinite(value) && Number.isFinite(bound) ? value <= bound : undefined;
}
