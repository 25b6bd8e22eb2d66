// The figures of boss's commands measured one by one: whole processes (wall
// time, peak RSS) by command, the engine reference's time for the same work,
// and how many engine calls boss made for it.
import type { TimedProcess } from "./process-timer.js";

export class CommandFigures {
  private readonly processes = new Map<string, TimedProcess[]>();
  private readonly engineMs = new Map<string, number[]>();
  private readonly callCounts = new Map<string, number>();
  private readonly baselineMs = new Map<string, number[]>();

  addProcess(command: string, figures: TimedProcess): void {
    this.processes.set(command, [...this.process(command), figures]);
  }

  addEngine(command: string, ms: number): void {
    this.engineMs.set(command, [...this.engine(command), ms]);
  }

  /** The `node -e 0` run of the round a run of `command` belongs to: its overhead is taken against that one. */
  addBaseline(command: string, ms: number): void {
    this.baselineMs.set(command, [...this.baselines(command), ms]);
  }

  baselines(command: string): number[] {
    return this.baselineMs.get(command) ?? [];
  }

  setCalls(command: string, count: number): void {
    this.callCounts.set(command, count);
  }

  process(command: string): TimedProcess[] {
    return this.processes.get(command) ?? [];
  }

  engine(command: string): number[] {
    return this.engineMs.get(command) ?? [];
  }

  /** Boss's engine calls for `command` (one run with DEBUG=boss:engine), when counted. */
  calls(command: string): number | undefined {
    return this.callCounts.get(command);
  }
}
