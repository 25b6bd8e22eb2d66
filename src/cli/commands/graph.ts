import { Command, Option } from "clipanion";
import { BossCommand } from "../base-command.js";
import { dependencyDot, dependencyTree } from "../render/dependency-graph.js";

export class GraphCommand extends BossCommand {
  static override paths = [["graph"]];

  static override usage = Command.Usage({
    description: "Show the dependency graph: a tree of each service's dependencies, or Graphviz DOT",
    details: `
      The tree starts from the services nothing depends on; a service shown before is marked (see above).
      DOT draws an edge from each service to each of its dependencies.
    `,
    examples: [
      ["As a tree", "$0 graph"],
      ["As a picture", "$0 graph --dot | dot -Tsvg > graph.svg"],
    ],
  });

  dot = Option.Boolean("--dot", false, { description: "Graphviz DOT instead of the tree" });

  async execute(): Promise<number> {
    const { graph, file } = await this.loadServices();
    const lines = this.dot ? dependencyDot(file.group, graph) : dependencyTree(graph);
    const services = graph
      .startOrder()
      .map((name) => ({ name, dependencies: graph.dependenciesOf(name), profiles: graph.get(name).profiles }));
    this.renderer.report(lines, { group: file.group, services });
    return 0;
  }
}
