// The timings one benchmark run gathers, by scenario and by tool.

export type Tool = "boss" | "compose";

export class Samples {
  private readonly byKey = new Map<string, number[]>();

  add(scenario: string, tool: Tool, ms: number): void {
    const key = `${scenario}\u0000${tool}`;
    const list = this.byKey.get(key) ?? [];
    list.push(ms);
    this.byKey.set(key, list);
  }

  get(scenario: string, tool: Tool): number[] {
    return this.byKey.get(`${scenario}\u0000${tool}`) ?? [];
  }
}
