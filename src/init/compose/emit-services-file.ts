/**
 * Writes a GroupDraft as a boss.ts, formatted as prettier would (120 columns, double quotes, trailing commas in
 * broken lists) by a small emitter of its own: prettier is not a runtime dependency of boss.
 */
import type { FieldValue, GroupDraft, ServiceDraft } from "./service-draft.js";

const width = 120;
/** Fields typed as a union of literals in Service: a bare literal would widen to string or boolean. */
const literalFields = new Set(["restart", "stopSignal", "pullPolicy", "healthcheck"]);

export function emitServicesFile(draft: GroupDraft, source: string): string {
  const usesWaitFor = draft.services.some((s) => s.pingHealthy);
  const lines = [
    `// Written by \`boss init --from-compose\` from ${source}`,
    "// `// compose:` comments keep what has no boss equivalent (docs/from-compose.md); the fields are documented",
    "// in docs/services-file.md.",
    `import { ${usesWaitFor ? "group, Service, waitFor" : "group, Service"} } from "boss";`,
    "",
    `group(${JSON.stringify(draft.group)});`,
  ];
  if (draft.kept.length > 0) lines.push("", ...draft.kept.map((text) => `// compose: ${text}`));
  for (const service of draft.services) lines.push("", ...emitClass(service));
  return lines.join("\n") + "\n";
}

function emitClass(service: ServiceDraft): string[] {
  const lines = service.kept.map((text) => `// compose: ${text}`);
  lines.push(`export class ${service.className} extends Service {`);
  for (const [field, value] of service.fields) {
    const literal = literalFields.has(field) && (typeof value === "string" || typeof value === "boolean");
    lines.push(...assignment(field, value, literal));
  }
  if (service.pingHealthy) {
    const hasCheck = service.fields.some(([field, value]) => field === "healthcheck" && value !== false);
    if (!hasCheck) lines.push("  // A dependent waits for it to be healthy: the image must have a HEALTHCHECK.");
    lines.push("  ping = waitFor.healthy();");
  }
  lines.push("}");
  return lines;
}

function assignment(field: string, value: FieldValue, asConst: boolean): string[] {
  const prefix = `  ${field} = `;
  const suffix = asConst ? " as const;" : ";";
  const lines = render(value, 1, prefix.length + suffix.length);
  lines[0] = prefix + (lines[0] ?? "");
  lines[lines.length - 1] += suffix;
  return lines;
}

/** A value as lines: on one line when it fits in `width - used`, else one entry per line, `depth` levels in. */
function render(value: FieldValue, depth: number, used: number): string[] {
  const flat = renderFlat(value);
  if (flat.length + used + depth * 2 <= width || value === null || typeof value !== "object") return [flat];
  const indent = "  ".repeat(depth + 1);
  const entries: Array<[string, FieldValue]> = Array.isArray(value)
    ? value.map((item): [string, FieldValue] => ["", item])
    : Object.entries(value);
  const lines = [Array.isArray(value) ? "[" : "{"];
  for (const [key, item] of entries) {
    const label = key === "" ? "" : `${propertyKey(key)}: `;
    const [first = "", ...rest] =
      key in literalKeys ? [typeAware(key, item)] : render(item, depth + 1, label.length + 1);
    const inner = [indent + label + first, ...rest];
    inner[inner.length - 1] += ",";
    lines.push(...inner);
  }
  lines.push("  ".repeat(depth) + (Array.isArray(value) ? "]" : "}"));
  return lines;
}

function renderFlat(value: FieldValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(renderFlat).join(", ")}]`;
  const entries = Object.entries(value).map(([key, item]) => `${propertyKey(key)}: ${typeAware(key, item)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** Keys of entries whose values are literal unions too: a volume's `type`, a watch rule's `action`. */
const literalKeys: Record<string, readonly string[]> = {
  type: ["volume", "bind"],
  action: ["sync", "rebuild", "sync+restart", "restart"],
};

function typeAware(key: string, item: FieldValue): string {
  return typeof item === "string" && literalKeys[key]?.includes(item)
    ? `${JSON.stringify(item)} as const`
    : renderFlat(item);
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}
