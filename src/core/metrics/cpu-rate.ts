// Turns a cumulative CPU-time counter into a percentage over the time since the
// previous reading (100 = one core busy, as `docker stats` counts). Readings
// closer together than `minIntervalMs` reuse the last figure, so a JSON and a
// Prometheus scrape in quick succession do not produce noise.
export class CpuRate {
  private last: { cpuSeconds: number; atMs: number } | null = null;
  private lastPercent = 0;

  constructor(private readonly minIntervalMs = 200) {}

  /** `cpuSeconds`: the cumulative CPU time; `atMs`: a monotonic clock reading. */
  update(cpuSeconds: number, atMs: number): number {
    if (!this.last || cpuSeconds < this.last.cpuSeconds) {
      this.last = { cpuSeconds, atMs };
      return this.lastPercent;
    }
    const elapsedMs = atMs - this.last.atMs;
    if (elapsedMs < this.minIntervalMs) return this.lastPercent;
    this.lastPercent = Math.max(0, ((cpuSeconds - this.last.cpuSeconds) / (elapsedMs / 1000)) * 100);
    this.last = { cpuSeconds, atMs };
    return this.lastPercent;
  }

  reset(): void {
    this.last = null;
    this.lastPercent = 0;
  }
}
