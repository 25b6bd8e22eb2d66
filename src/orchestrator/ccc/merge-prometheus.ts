/**
 * Several cores' /metrics texts as one exposition: every sample gets a
 * `service` label, and each metric's HELP and TYPE lines appear once, before
 * its first sample (the format allows each only once per metric family).
 */
export function mergePrometheus(texts: ReadonlyArray<{ service: string; text: string }>): string {
  const families = new Map<string, { meta: string[]; samples: string[] }>();
  const family = (name: string) => {
    let entry = families.get(name);
    if (!entry) {
      entry = { meta: [], samples: [] };
      families.set(name, entry);
    }
    return entry;
  };
  for (const { service, text } of texts) {
    const label = `service="${service.replace(/["\\]/g, "\\$&")}"`;
    for (const line of text.split("\n")) {
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta?.[2]) {
        const entry = family(meta[2]);
        if (!entry.meta.some((m) => m.startsWith(`# ${meta[1]} ${meta[2]} `) || m === line)) entry.meta.push(line);
        continue;
      }
      const sample = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?(\s.*)$/.exec(line);
      if (!sample?.[1] || sample[3] === undefined) continue;
      const labels = sample[2] ? `{${label},${sample[2].slice(1)}` : `{${label}}`;
      family(familyOf(sample[1], families)).samples.push(`${sample[1]}${labels}${sample[3]}`);
    }
  }
  return [...families.values()].flatMap((f) => [...f.meta, ...f.samples]).join("\n") + "\n";
}

/**
 * A sample belongs to the family of its own name when one was declared; a
 * histogram's or summary's _bucket, _sum, _count (and _created) samples to
 * the family they extend. Only declared names count: gauges `requests` and
 * `requests_count` stay two families.
 */
function familyOf(sample: string, declared: ReadonlyMap<string, unknown>): string {
  if (declared.has(sample)) return sample;
  const base = sample.replace(/_(bucket|sum|count|created)$/, "");
  return declared.has(base) ? base : sample;
}
