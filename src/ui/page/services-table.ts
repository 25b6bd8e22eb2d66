import { html } from "./html.js";
import { formatUptime, lookColour, lookOf, stateText } from "./service-look.js";
import { formatBytes, Sparkline } from "./sparkline.js";
import type { WireMetricsSample, WireService } from "./wire.js";

export interface ServicesTableProps {
  services: WireService[];
  metrics: Map<string, WireMetricsSample[]>;
  busy: Set<string>;
  selected: string;
  onSelect: (name: string) => void;
  onAction: (service: string, action: string) => void;
}

/** A row per service: state, readiness, container, ports as links, uptime, the core's metrics, the buttons. */
export function ServicesTable(props: ServicesTableProps) {
  return html`<table class="services">
    <thead>
      <tr>
        <th>service</th>
        <th>state</th>
        <th>container</th>
        <th>ports</th>
        <th>up</th>
        <th>metrics</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${props.services.map((s) => Row({ ...props, service: s }))}
    </tbody>
  </table>`;
}

function Row(props: ServicesTableProps & { service: WireService }) {
  const s = props.service;
  const look = lookOf(s);
  const samples = props.metrics.get(s.name) ?? [];
  const busy = props.busy.has(s.name);
  const button = (action: string, enabled: boolean, why: string) =>
    html`<button
      data-action=${action}
      disabled=${busy || !enabled}
      title=${enabled ? `boss ${action} ${s.name}` : why}
      onClick=${(e: Event) => {
        e.stopPropagation();
        props.onAction(s.name, action);
      }}
    >
      ${action}
    </button>`;
  const running = s.state === "running";
  return html`<tr
    data-service=${s.name}
    data-state=${s.state}
    data-ready=${String(s.ready)}
    data-container=${s.containerId ?? ""}
    class=${s.name === props.selected ? "selected" : ""}
    onClick=${() => props.onSelect(s.name)}
  >
    <td>
      <span class="dot" style=${`background:${lookColour[look]}`}></span>${s.name}${s.orphan ? " (not in file)" : ""}
    </td>
    <td class="state">${stateText(s)}</td>
    <td class="mono">${s.containerId ?? "–"}</td>
    <td>
      ${uniquePorts(s).map(
        (p) =>
          html`<a
              href=${`http://127.0.0.1:${p.hostPort}/`}
              target="_blank"
              rel="noreferrer noopener"
              onClick=${(e: Event) => e.stopPropagation()}
              >${p.hostPort}→${p.containerPort}/${p.protocol}</a
            >${" "}`,
      )}
    </td>
    <td>${formatUptime(s.uptimeSeconds)}</td>
    <td>
      ${
        s.controlled
          ? html`${Sparkline({ values: samples.map((m) => m.cpuPercent), label: "cpu", format: (v) => `${v.toFixed(1)}%` })}
            ${Sparkline({ values: samples.map((m) => m.memoryBytes), label: "mem", format: formatBytes })}`
          : ""
      }
    </td>
    <td class="buttons">
      ${button("reload", s.buildable && !s.orphan, "reload rebuilds from buildFrom, which this service has not")}
      ${button("restart", running && !s.orphan, "not running")} ${button("stop", running && !s.orphan, "not running")}
      ${button("start", !running && !s.orphan, "already running")}
    </td>
  </tr>`;
}

/** Docker reports a port published on every address twice (IPv4 and IPv6): one link is enough. */
function uniquePorts(service: WireService) {
  const seen = new Set<string>();
  return service.ports.filter((p) => {
    const key = `${p.hostPort}/${p.containerPort}/${p.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
