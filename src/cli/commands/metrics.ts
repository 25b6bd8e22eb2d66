import { Command, Option } from "clipanion";
import * as t from "typanion";
import { UserError, messageOf } from "../../errors.js";
import { controlledServices, runningCore } from "../../orchestrator/ccc/core-commands.js";
import { readGroup } from "../../orchestrator/group-session.js";
import { mergePrometheus } from "../../orchestrator/ccc/merge-prometheus.js";
import type { Project } from "../../orchestrator/project.js";
import { realClock } from "../../orchestrator/readiness.js";
import { BossCommand } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";
import { formatBytes, formatPercent, formatTable } from "../render/table.js";

type Sample = { service: string; metrics?: Record<string, unknown>; error?: string };

export class MetricsCommand extends BossCommand {
  static override paths = [["metrics"]];

  static override usage = Command.Usage({
    description: "Show the metrics of controlled services, as their cores report them",
    examples: [
      ["All controlled services", "$0 metrics"],
      ["One service as JSON", "$0 metrics loadgen --json"],
      ["Prometheus text (a service label on every sample)", "$0 metrics --prometheus"],
      ["Refresh every 2 s until Ctrl-C", "$0 metrics --watch 2"],
    ],
  });

  services = Option.Rest({ name: "service" });
  prometheus = Option.Boolean("--prometheus", false, { description: "Prometheus text exposition format" });
  watch = Option.String("--watch,-w", {
    description: "Refresh every SECONDS (in place on a terminal, a line per sample otherwise)",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });

  async execute(): Promise<number> {
    if (this.prometheus && this.json) throw new UserError("choose one of --json and --prometheus");
    const project = await this.loadProject();
    const names = controlledServices(project, this.services);
    if (names.length === 0)
      throw new UserError("no service has control set: no core to ask", { file: project.file.file });
    // A read-only look at the group: the engine checked and the Context (the cores' token) loaded once.
    return readGroup(project, "metrics", () => this.sample(project, names));
  }

  private async sample(project: Project, names: string[]): Promise<number> {
    if (this.watch === undefined) return this.printOnce(project, names);
    const interrupt = onInterrupt(() => undefined);
    try {
      for (;;) {
        await this.printSample(project, names, true);
        await realClock.sleep(this.watch * 1000, interrupt.signal);
      }
    } catch (error) {
      if (error instanceof Error && error.name === "AbortError") return 0; // Ctrl-C ends --watch

      throw error;
    } finally {
      interrupt.dispose();
    }
  }

  private async printOnce(project: Project, names: string[]): Promise<number> {
    const samples = await this.printSample(project, names, false);
    return samples.some((s) => s.error) ? 1 : 0;
  }

  private async printSample(project: Project, names: string[], watching: boolean): Promise<Sample[]> {
    const out = this.context.stdout;
    if (this.prometheus) {
      const texts = await Promise.all(
        names.map(async (service) => ({ service, text: await (await runningCore(project, service)).prometheus() })),
      );
      out.write(mergePrometheus(texts));
      return [];
    }
    const samples = await Promise.all(
      names.map(async (service): Promise<Sample> => {
        try {
          return { service, metrics: await (await runningCore(project, service)).metrics() };
        } catch (error) {
          return { service, error: messageOf(error) };
        }
      }),
    );
    // One document per sample: with --watch, a stream of lines a script can read one by one.
    const document = Object.fromEntries(samples.map((s) => [s.service, s.metrics ?? { error: s.error }]));
    const inPlace = watching && this.renderer.live;
    if (watching && !inPlace) {
      // Not a terminal: one line per service and sample, for logs and `grep`.
      const time = new Date().toISOString();
      this.renderer.report(
        samples.map((s) => `${time} ${sampleLine(row(s), s.error)}`),
        document,
      );
      return samples;
    }
    const lines = formatTable(
      ["SERVICE", "STATE", "CPU", "MEMORY", "NET RX", "NET TX", "PROCESS CPU", "RSS", "RESTARTS"],
      samples.map(row),
    );
    if (inPlace) out.write("\x1b[H\x1b[2J"); // like top: redraw from the top of a cleared screen
    this.renderer.report(lines, document);
    if (this.json) return samples; // the errors are in the document
    for (const s of samples) {
      // The error usually names the service already.
      if (s.error) this.context.stderr.write(`boss: ${s.service}: ${s.error.replace(`${s.service}: `, "")}\n`);
    }
    return samples;
  }
}

/** A table row as one labelled line: `feed running cpu 0.3% mem 18.7 MiB …`. */
function sampleLine(
  [service, state, cpu, memory, rx, tx, processCpu, rss, restarts]: string[],
  error?: string,
): string {
  if (error !== undefined) return `${service} error ${error.replace(`${service}: `, "")}`;
  return `${service} ${state} cpu ${cpu} mem ${memory} rx ${rx} tx ${tx} process cpu ${processCpu} rss ${rss} restarts ${restarts}`;
}

function row(sample: Sample): string[] {
  if (!sample.metrics) return [sample.service, "error", "-", "-", "-", "-", "-", "-", "-"];
  const m = sample.metrics as {
    state?: string;
    container?: Record<string, number | null>;
    process?: Record<string, number | null> | null;
  };
  const c = m.container ?? {};
  const p = m.process ?? {};
  return [
    sample.service,
    String(m.state ?? "-"),
    formatPercent(c.cpu_percent),
    formatBytes(c.memory_usage_bytes),
    formatBytes(c.network_rx_bytes),
    formatBytes(c.network_tx_bytes),
    formatPercent(p.cpu_percent),
    formatBytes(p.rss_bytes),
    String(p.restarts ?? "-"),
  ];
}
