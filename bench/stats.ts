// Small numeric helpers for the benchmark's figures.

/** The median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile by nearest rank (NaN when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? NaN;
}

/** Milliseconds as seconds with two decimals ("1.23 s"), or "–" for no figure. */
export function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "–";
}

/** A ratio with two decimals ("0.45×"), or "–". */
export function ratio(x: number, y: number): string {
  const r = x / y;
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : "–";
}

/** Milliseconds elapsed since `start` (a performance.now() reading). */
export function since(start: number): number {
  return performance.now() - start;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The least-squares slope of y over x: how much y grows per unit of x. NaN
 * with fewer than two distinct x or a missing y.
 */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  if (points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return NaN;
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0);
  return sxx > 0 ? sxy / sxx : NaN;
}

/** "152 ms" under 10 s, "12.34 s" above, or "–". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  return Math.abs(ms) < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
