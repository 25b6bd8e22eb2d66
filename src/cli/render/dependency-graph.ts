import type { ServiceGraph } from "../../model/graph.js";

/**
 * The graph as a tree: each service nothing depends on, with its dependencies
 * under it. A service met again below another shows `(see above)` instead of
 * its subtree again.
 */
export function dependencyTree(graph: ServiceGraph): string[] {
  const lines: string[] = [];
  const expanded = new Set<string>();
  const visit = (name: string, indent: string, last: boolean, root: boolean): void => {
    const deps = graph.dependenciesOf(name);
    const repeated = expanded.has(name) && deps.length > 0;
    const branch = root ? "" : last ? "└── " : "├── ";
    const profiles = graph.get(name).profiles;
    const tag = profiles.length > 0 ? ` [profile ${profiles.join(", ")}]` : "";
    lines.push(`${indent}${branch}${name}${tag}${repeated ? " (see above)" : ""}`);
    if (repeated) return;
    expanded.add(name);
    const childIndent = root ? "" : indent + (last ? "    " : "│   ");
    deps.forEach((dep, i) => visit(dep, childIndent, i === deps.length - 1, false));
  };
  const roots = graph.names.filter((name) => graph.dependentsOf(name).length === 0);
  for (const root of roots) visit(root, "", true, true);
  return lines;
}

/** Graphviz DOT: an edge from each service to each of its dependencies. */
export function dependencyDot(group: string, graph: ServiceGraph): string[] {
  const id = (text: string) => `"${text.replace(/["\\]/g, "\\$&")}"`;
  const order = graph.startOrder();
  return [
    `digraph ${id(group)} {`,
    "  rankdir=LR;",
    "  node [shape=box];",
    ...order.map((name) => `  ${id(name)};`),
    ...order.flatMap((name) => graph.dependenciesOf(name).map((dep) => `  ${id(name)} -> ${id(dep)};`)),
    "}",
  ];
}
