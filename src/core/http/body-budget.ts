// The bytes of request bodies held in memory at once, across all requests,
// counted until each body is parsed (its text and parsed copies live as long).
// Each body is capped (1 MiB), but hundreds of connections each half-way
// through a body would still add up to hundreds of MiB; past this budget a
// request is turned away (503) instead of buffered.

/** Eight full-size bodies at once; real callers send one small payload at a time. */
export const DEFAULT_BODY_BUDGET_BYTES = 8 * 1024 * 1024;

export class BodyBudget {
  private used = 0;

  constructor(readonly limitBytes = DEFAULT_BODY_BUDGET_BYTES) {}

  /** Takes `bytes` from the budget; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}
