// The service graphs the benchmark starts: one name per service and the
// names it depends on. Layer 1 depends on nothing; every later layer on the
// one below, so the longest chain is the number of layers. (a) and (b) are
// the side-by-side graphs; the wide and chain graphs measure how cost grows
// with the number of services.

/** One service of a benchmark graph. */
export interface BenchService {
  name: string;
  dependencies: string[];
  /** The container's stop signal when not the image's (SIGKILL: the engine reference kills instead of stopping). */
  stopSignal?: string;
}

/** A graph to start, with the length of its longest dependency chain. */
export interface BenchGraph {
  /** "a", "b", "wide20", "chain50"…, used in scenario and project names. */
  id: string;
  title: string;
  services: BenchService[];
  layers: number;
}

/** (a) Two independent services and one that depends on both. */
export const graphA: BenchGraph = {
  id: "a",
  title: "3 services, 2 layers",
  services: [
    { name: "left", dependencies: [] },
    { name: "right", dependencies: [] },
    { name: "top", dependencies: ["left", "right"] },
  ],
  layers: 2,
};

/**
 * (b) 5 layers of 4. Service i of a layer depends on service i of the layer
 * below, and the odd ones also on their neighbour there: one or two each.
 */
export const graphB: BenchGraph = layered("b", 5, 4);

function layered(id: string, layers: number, width: number): BenchGraph {
  const name = (layer: number, i: number) => `l${layer}s${i}`;
  const services: BenchService[] = [];
  for (let layer = 1; layer <= layers; layer++) {
    for (let i = 1; i <= width; i++) {
      const below = layer === 1 ? [] : [name(layer - 1, i)];
      if (layer > 1 && i % 2 === 1) below.push(name(layer - 1, i + 1));
      services.push({ name: name(layer, i), dependencies: below });
    }
  }
  return { id, title: `${layers * width} services, ${layers} layers`, services, layers };
}

/** `n` independent services: one layer, all started at once. */
export function wideGraph(n: number): BenchGraph {
  const services = Array.from({ length: n }, (_, i) => ({ name: `s${i + 1}`, dependencies: [] }));
  return { id: `wide${n}`, title: `${n} independent services`, services, layers: 1 };
}

/** A chain of `n`: each service depends on the one before, so they start one after another. */
export function chainGraph(n: number): BenchGraph {
  const services = Array.from({ length: n }, (_, i) => ({
    name: `s${i + 1}`,
    dependencies: i === 0 ? [] : [`s${i}`],
  }));
  return { id: `chain${n}`, title: `a chain of ${n} services`, services, layers: n };
}

/**
 * The graph's services by layer: the first depends on nothing, each later
 * one on something in the layer just below (its longest path to a root).
 */
export function layersOf(graph: BenchGraph): string[][] {
  const depth = new Map<string, number>();
  const byName = new Map(graph.services.map((s) => [s.name, s]));
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const service = byName.get(name);
    if (!service) throw new Error(`${name} is not in graph ${graph.id}`);
    const d = Math.max(-1, ...service.dependencies.map(depthOf)) + 1;
    depth.set(name, d);
    return d;
  };
  const layers: string[][] = [];
  for (const service of graph.services) (layers[depthOf(service.name)] ??= []).push(service.name);
  return layers;
}
