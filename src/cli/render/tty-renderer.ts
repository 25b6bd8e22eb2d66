import type { ChalkInstance } from "chalk";
import ora, { type Ora } from "ora";
import type { Writable } from "node:stream";
import type { OrchestratorEvent, ServicePhase } from "../../orchestrator/events.js";
import { describePhase, finalPhases, watchLine } from "../../report/event-text.js";
import { colours } from "./colour.js";
import type { OutputStream, Renderer } from "./renderer.js";

// Made only for a terminal that wants colour (create-renderer.ts decides), so always in colour.
const paint = colours(true);

const symbols: Partial<Record<ServicePhase, [string, ChalkInstance]>> = {
  ready: ["✔", paint.green],
  kept: ["✔", paint.green],
  completed: ["✔", paint.green],
  "completed-earlier": ["✔", paint.green],
  stopped: ["■", paint.green],
  removed: ["✔", paint.green],
  failed: ["✖", paint.red],
  skipped: ["⊘", paint.yellow],
  cancelled: ["⊘", paint.yellow],
  waiting: ["…", paint.dim],
};

interface Line {
  phase: ServicePhase;
  text: string;
  /** The latest pull or build progress, shown after the text while the service is busy. */
  progress?: string;
  /** The build step under way (`Step 3/7`), kept while the step's own output scrolls by. */
  step?: string;
}

const buildStep = /^Step (\d+\/\d+) : /;

/**
 * A pull's summed percentage (the engine's PullProgress says it a few times a second) or a build's step with its
 * latest output line: `Step 3/7 · added 120 packages`. The spinner redraws on its own timer, so many lines in a burst
 * cost a string each, not a redraw each.
 */
function showProgress(line: Line, text: string): void {
  const step = buildStep.exec(text)?.[1];
  if (step) line.step = `Step ${step}`;
  line.progress = (line.step && !step ? `${line.step} · ${text}` : text).slice(0, 100);
}

/** A live line per service under one spinner; finished lines stay on screen. */
export class TtyRenderer implements Renderer {
  readonly styled = true;
  readonly live = true;
  private readonly lines = new Map<string, Line>();
  private spinner: Ora | undefined;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {}

  event(event: OrchestratorEvent): void {
    if (event.type === "warning") {
      this.spinner?.clear();
      this.stderr.write(paint.yellow(`boss: ${event.message}`) + "\n");
    } else if (event.type === "notice") {
      this.spinner?.clear();
      this.stdout.write(paint.yellow(event.message) + "\n");
    } else if (event.type === "watch") {
      this.spinner?.clear();
      const line = watchLine(event);
      this.stdout.write((event.outcome === "failed" ? paint.red(line) : paint.green(line)) + "\n");
    } else if (event.type === "progress") {
      const line = this.lines.get(event.service);
      if (line) showProgress(line, event.line);
    } else {
      this.lines.set(event.service, { phase: event.phase, text: describePhase(event) });
    }
    this.render();
  }

  result(lines: readonly string[]): void {
    this.finish();
    for (const line of lines) this.stdout.write(line + "\n");
  }

  report(lines: readonly string[]): void {
    this.result(lines);
  }

  output(stream: OutputStream, text: string): void {
    this.finish();
    (stream === "stderr" ? this.stderr : this.stdout).write(text + "\n");
  }

  error(message: string): void {
    this.finish();
    this.stderr.write(paint.red(`boss: ${message}`) + "\n");
  }

  finish(): void {
    if (!this.spinner) return;
    this.spinner.stop();
    this.spinner = undefined;
    for (const [name, line] of this.lines) this.stdout.write(this.format(name, line) + "\n");
    this.lines.clear();
  }

  private render(): void {
    const rows = [...this.lines];
    const busy = rows.filter(([, l]) => !finalPhases.has(l.phase)).length;
    const text = [`${rows.length - busy}/${rows.length} done`, ...rows.map(([name, l]) => this.format(name, l))].join(
      "\n",
    );
    if (!this.spinner) this.spinner = ora({ stream: this.stdout, text, discardStdin: false }).start();
    else this.spinner.text = text;
  }

  private format(name: string, line: Line): string {
    const [symbol, color] = symbols[line.phase] ?? ["◌", paint.cyan];
    const progress = line.progress && !finalPhases.has(line.phase) ? paint.dim(`  ${line.progress}`) : "";
    return `  ${color(symbol)} ${paint.bold(name)} ${color(line.text)}${progress}`;
  }
}
