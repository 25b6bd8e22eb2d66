import { useEffect, useState } from "preact/hooks";
import { GraphView } from "./graph-view.js";
import { html } from "./html.js";
import { LogsView } from "./logs-view.js";
import { listen, postAction, withToken } from "./server-link.js";
import { ServicesTable } from "./services-table.js";
import type { WireActionUpdate, WireMetricsSample, WireSnapshot } from "./wire.js";

/** Samples kept per service for its charts: two minutes at the server's two seconds. */
const keptSamples = 60;
/** Actions kept in the list, newest first. */
const keptActions = 20;

/**
 * The dashboard. Everything it shows comes from one event stream the
 * server pushes (`state`, `metrics`, `action`) and one log stream per
 * chosen service: the page never polls.
 */
export function App() {
  const [snapshot, setSnapshot] = useState<WireSnapshot | undefined>(undefined);
  const [connected, setConnected] = useState(false);
  const [problem, setProblem] = useState("");
  const [metrics, setMetrics] = useState(new Map<string, WireMetricsSample[]>());
  const [actions, setActions] = useState<WireActionUpdate[]>([]);
  const [selected, setSelected] = useState("");

  useEffect(
    () =>
      listen(
        "api/events",
        {},
        {
          state: (data) => {
            setSnapshot(data as WireSnapshot);
            setProblem("");
          },
          metrics: (data) =>
            setMetrics((old) => {
              const next = new Map(old);
              for (const sample of data as WireMetricsSample[])
                next.set(sample.service, [...(next.get(sample.service) ?? []), sample].slice(-keptSamples));
              return next;
            }),
          action: (data) => setActions((old) => merge(old, data as WireActionUpdate)),
          problem: (data) => setProblem((data as { message: string }).message),
        },
        setConnected,
      ),
    [],
  );

  useEffect(() => {
    if (!selected && snapshot?.services[0]) setSelected(snapshot.services[0].name);
  }, [snapshot, selected]);

  if (!snapshot) return html`<p class="muted">${connected ? "reading the group…" : "connecting…"}</p>`;
  const busy = new Set(actions.filter((a) => a.status === "running").map((a) => a.service));
  const act = (service: string, action: string) => {
    postAction(service, action).catch((error: unknown) =>
      setProblem(`${action} ${service}: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  return html`<header>
      <h1>boss ui: ${snapshot.group}</h1>
      <span class="muted">${snapshot.file}</span>
      <span class=${connected ? "live" : "offline"} data-testid="connection"
        >${connected ? "live" : "reconnecting…"}</span
      >
    </header>
    ${problem ? html`<p class="problem">${problem}</p>` : ""}
    <main>
      <section class="panel">
        <h2>services</h2>
        ${ServicesTable({
          services: snapshot.services,
          metrics,
          busy,
          selected,
          onSelect: setSelected,
          onAction: act,
        })}
      </section>
      <div class="row">
        <section class="panel">
          <h2>dependencies</h2>
          ${GraphView({ services: snapshot.services, selected, onSelect: setSelected })}
        </section>
        <section class="panel actions" data-testid="actions">
          <h2>actions</h2>
          ${actions.length === 0 ? html`<p class="muted">the buttons' progress shows here</p>` : ""}
          ${actions.map(
            (a) =>
              html`<details open=${a.status === "running"} class=${a.status} data-action-id=${a.id}>
                <summary>${a.action} ${a.service}: ${a.status}</summary>
                <pre>${a.lines.join("\n")}</pre>
              </details>`,
          )}
        </section>
      </div>
      <section class="panel">${html`<${LogsView} service=${selected} />`}</section>
      <section class="panel">
        <h2>last start</h2>
        ${
          snapshot.timeline
            ? html`<img
                class="timeline"
                alt="the last start's timeline"
                src=${withToken("api/timeline.svg", { at: snapshot.timeline.startedAt })}
              />`
            : html`<p class="muted">no start recorded yet</p>`
        }
      </section>
    </main>`;
}

/** An action's updates gathered into one entry: its lines in order, its latest status. */
function merge(actions: WireActionUpdate[], update: WireActionUpdate): WireActionUpdate[] {
  const found = actions.find((a) => a.id === update.id);
  if (!found) return [update, ...actions].slice(0, keptActions);
  return actions.map((a) =>
    a.id === update.id ? { ...a, status: update.status, lines: [...a.lines, ...update.lines] } : a,
  );
}
