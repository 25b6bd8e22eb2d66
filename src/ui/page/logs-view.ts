import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "./html.js";
import { listen } from "./server-link.js";
import type { WireLogLine } from "./wire.js";

/** Lines kept per service: older ones scroll away, as a terminal's do. */
const keptLines = 5000;

/**
 * One service's output, as `boss logs -f --tail 500 SERVICE` gives it (a
 * replaced container is picked up again), with a search box that keeps the
 * lines that contain the words, and "follow", which keeps the newest line
 * in sight.
 */
export function LogsView(props: { service: string }) {
  const [lines, setLines] = useState<WireLogLine[]>([]);
  const [search, setSearch] = useState("");
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    setLines([]);
    if (!props.service) return undefined;
    return listen(
      "api/logs",
      { service: props.service, tail: "500" },
      {
        lines: (data) => setLines((old) => [...old, ...(data as WireLogLine[])].slice(-keptLines)),
      },
    );
  }, [props.service]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow, search]);

  const needle = search.trim().toLowerCase();
  const shown = needle ? lines.filter((l) => l.text.toLowerCase().includes(needle)) : lines;
  return html`<section class="logs">
    <div class="logs-bar">
      <strong>logs: ${props.service || "(pick a service)"}</strong>
      <input
        type="search"
        placeholder="search"
        aria-label="search the logs"
        value=${search}
        onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)}
      />
      <label
        ><input
          type="checkbox"
          checked=${follow}
          onChange=${(e: Event) => setFollow((e.target as HTMLInputElement).checked)}
        />
        follow</label
      >
      <span class="muted">${needle ? `${shown.length} of ${lines.length} lines` : `${lines.length} lines`}</span>
    </div>
    <pre class="log-lines" ref=${box} data-testid="log-lines">
${shown.map((l) => html`<div class=${l.stream}>${mark(l.text, needle)}</div>`)}</pre>
  </section>`;
}

/** The line with each match of the search words marked. */
function mark(text: string, needle: string) {
  if (!needle) return text;
  const parts = [];
  let from = 0;
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    parts.push(text.slice(from, at), html`<mark>${text.slice(at, at + needle.length)}</mark>`);
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return parts;
}
