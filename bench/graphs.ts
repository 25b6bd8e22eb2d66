// The two service graphs the benchmark starts: one name per service and the
// names it depends on. Layer 1 depends on nothing; every later layer on the
// one below, so the longest chain is the number of layers.

/** One service of a benchmark graph. */
export interface BenchService {
  name: string;
  dependencies: string[];
}

/** A graph to start, with the length of its longest dependency chain. */
export interface BenchGraph {
  /** "a" or "b", used in scenario and project names. */
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
