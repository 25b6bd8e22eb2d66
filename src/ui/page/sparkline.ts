import { html } from "./html.js";

/**
 * A small line chart of the last samples (null: no value then), with the
 * latest value written beside it. Plain SVG: a few dozen points need no
 * chart library.
 */
export function Sparkline(props: { values: Array<number | null>; label: string; format: (v: number) => string }) {
  const width = 120;
  const height = 28;
  const known = props.values.filter((v): v is number => v !== null);
  const max = Math.max(1e-9, ...known);
  const step = width / Math.max(1, props.values.length - 1);
  const points = props.values
    .map((v, i) =>
      v === null ? null : `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`,
    )
    .filter((p): p is string => p !== null)
    .join(" ");
  const last = known[known.length - 1];
  return html`<span class="spark" title=${props.label}>
    <svg width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`}>
      <polyline points=${points} fill="none" stroke="#3a6fd8" stroke-width="1.5" />
    </svg>
    <span class="spark-value">${props.label} ${last === undefined ? "–" : props.format(last)}</span>
  </span>`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}
