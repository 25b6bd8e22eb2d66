// The Prometheus text exposition format (version 0.0.4), the part the core
// needs: gauges and counters, with or without labels. The output is the text
// prom-client writes for the same figures, byte for byte (a unit test checks
// it against prom-client), without bundling prom-client: it cost the core
// 108 KiB and about 1 MB of idle memory, as it loads https, tls, zlib and
// cluster with its push gateway and default metrics on start-up.

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

type MetricType = "gauge" | "counter";

interface Family {
  help: string;
  type: MetricType;
  samples: string[];
}

/** HELP text: backslash and newline escaped. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Label values: as HELP text, and double quotes escaped too. */
function escapeLabelValue(text: string): string {
  return escapeHelp(text).replace(/"/g, '\\"');
}

function formatLabels(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

/** Metric families in the order they were first written; samples of one name join their family. */
export class PrometheusText {
  private readonly families = new Map<string, Family>();

  /** One sample; a value that is not a finite number is left out (the family too, if it gets none). */
  add(type: MetricType, name: string, help: string, value: number | null, labels: Record<string, string> = {}): void {
    if (value === null || !Number.isFinite(value)) return;
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, samples: [] };
      this.families.set(name, family);
    }
    family.samples.push(`${name}${formatLabels(labels)} ${value}`);
  }

  toString(): string {
    const blocks = [...this.families].map(([name, f]) =>
      [`# HELP ${name} ${escapeHelp(f.help)}`, `# TYPE ${name} ${f.type}`, ...f.samples].join("\n"),
    );
    return `${blocks.join("\n\n")}\n`;
  }
}
