import { html } from "./html.js";
import { lookColour, lookOf } from "./service-look.js";
import type { WireService } from "./wire.js";

const nodeWidth = 130;
const nodeHeight = 34;
const columnGap = 60;
const rowGap = 18;

/**
 * The dependency graph, left to right: a column per depth (a service sits
 * one column right of its deepest dependency), an arrow from each service to
 * what it depends on, each box in its state's colour. Small groups need no
 * layout library.
 */
export function GraphView(props: { services: WireService[]; selected: string; onSelect: (name: string) => void }) {
  const byName = new Map(props.services.map((s) => [s.name, s]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string> = new Set()): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0;
    seen.add(name);
    const deps = byName.get(name)?.dependencies.filter((d) => byName.has(d)) ?? [];
    const value = deps.length ? Math.max(...deps.map((d) => depthOf(d, seen))) + 1 : 0;
    depth.set(name, value);
    return value;
  };
  const columns: string[][] = [];
  for (const service of props.services) (columns[depthOf(service.name)] ??= []).push(service.name);
  const at = new Map<string, { x: number; y: number }>();
  columns.forEach((names, column) =>
    names.forEach((name, row) =>
      at.set(name, { x: 10 + column * (nodeWidth + columnGap), y: 10 + row * (nodeHeight + rowGap) }),
    ),
  );
  const width = 20 + columns.length * (nodeWidth + columnGap) - columnGap;
  const height = 20 + Math.max(1, ...columns.map((c) => c.length)) * (nodeHeight + rowGap) - rowGap;
  const edges = props.services.flatMap((service) =>
    service.dependencies.flatMap((dependency) => {
      const from = at.get(service.name);
      const to = at.get(dependency);
      if (!from || !to) return [];
      const x1 = from.x;
      const y1 = from.y + nodeHeight / 2;
      const x2 = to.x + nodeWidth;
      const y2 = to.y + nodeHeight / 2;
      const bend = (x1 - x2) / 2;
      return [
        html`<path
          d=${`M${x1},${y1} C${x1 - bend},${y1} ${x2 + bend},${y2} ${x2 + 6},${y2}`}
          fill="none"
          stroke="#9aa1ab"
          marker-end="url(#arrow)"
        />`,
      ];
    }),
  );
  const nodes = props.services.map((service) => {
    const { x, y } = at.get(service.name) ?? { x: 0, y: 0 };
    const selected = service.name === props.selected;
    return html`<g
      class="node"
      data-node=${service.name}
      onClick=${() => props.onSelect(service.name)}
      style="cursor: pointer"
    >
      <rect
        x=${x}
        y=${y}
        width=${nodeWidth}
        height=${nodeHeight}
        rx="6"
        fill=${lookColour[lookOf(service)]}
        stroke=${selected ? "#1b1f24" : "none"}
        stroke-width="2"
      />
      <text x=${x + nodeWidth / 2} y=${y + nodeHeight / 2 + 5} text-anchor="middle" fill="white" font-size="13">
        ${service.name}
      </text>
      <title>${service.name}: ${service.state}</title>
    </g>`;
  });
  return html`<svg class="graph" width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`}>
    <defs>
      <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
        <path d="M0,0 L10,5 L0,10 z" fill="#9aa1ab" />
      </marker>
    </defs>
    ${edges} ${nodes}
  </svg>`;
}
