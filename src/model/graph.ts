import toposort from "toposort";
import { UserError } from "../errors.js";
import type { ServiceDefinition } from "./definition.js";

/**
 * The dependency graph of one group: checked once (unknown dependencies,
 * cycles), then asked for orders and neighbours.
 */
export class ServiceGraph {
  private readonly byName: Map<string, ServiceDefinition>;
  private readonly dependents = new Map<string, string[]>();

  constructor(
    readonly services: ServiceDefinition[],
    private readonly file: string,
  ) {
    this.byName = new Map(services.map((s) => [s.name, s]));
    for (const service of services) this.dependents.set(service.name, []);
    for (const service of services) {
      service.dependencies.forEach((dep, i) => {
        if (!this.byName.has(dep)) {
          throw new UserError(`unknown service "${dep}"; known services: ${[...this.byName.keys()].join(", ")}`, {
            file,
            service: service.className,
            field: `dependencies[${i}]`,
          });
        }
        this.dependents.get(dep)?.push(service.name);
      });
    }
    this.checkForCycles();
  }

  get names(): string[] {
    return this.services.map((s) => s.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): ServiceDefinition {
    const service = this.byName.get(name);
    if (!service) throw new Error(`no service named ${name}`);
    return service;
  }

  dependenciesOf(name: string): string[] {
    return this.get(name).dependencies;
  }

  dependentsOf(name: string): string[] {
    return this.dependents.get(name) ?? [];
  }

  /** Every service that depends on `name`, directly or not. */
  transitiveDependentsOf(name: string): Set<string> {
    return this.reachable(name, (n) => this.dependentsOf(n));
  }

  /** Every service `name` depends on, directly or not. */
  transitiveDependenciesOf(name: string): Set<string> {
    return this.reachable(name, (n) => this.dependenciesOf(n));
  }

  /** The services reached from `name` by following `next` (without `name` itself, unless in a cycle). */
  private reachable(name: string, next: (name: string) => readonly string[]): Set<string> {
    const found = new Set<string>();
    const visit = (n: string): void => {
      for (const d of next(n)) {
        if (!found.has(d)) {
          found.add(d);
          visit(d);
        }
      }
    };
    visit(name);
    return found;
  }

  /** Dependencies before dependents. */
  startOrder(): string[] {
    const edges: Array<[string, string]> = this.services.flatMap((s) =>
      s.dependencies.map((d): [string, string] => [d, s.name]),
    );
    return toposort.array(this.names, edges);
  }

  /** Checks `--exclude` names exist and returns them as a set. */
  checkKnown(names: readonly string[], flag = "--exclude"): Set<string> {
    for (const name of names) {
      if (!this.has(name))
        throw new UserError(`${flag}: unknown service "${name}"; known services: ${this.names.join(", ")}`);
    }
    return new Set(names);
  }

  /**
   * start --exclude: refused when a service that will start depends on an excluded one,
   * directly or not. Every such dependent is named at once, so one correction is enough.
   * `starting`: the services the command would start (default: all but the excluded).
   */
  checkStartExclusion(excluded: ReadonlySet<string>, starting?: ReadonlySet<string>): void {
    const willStart = (n: string) => !excluded.has(n) && (starting?.has(n) ?? true);
    const problems = [...excluded].flatMap((name) => {
      const dependents = this.inOrder(this.transitiveDependentsOf(name)).filter(willStart);
      if (dependents.length === 0) return [];
      const verb = dependents.length === 1 ? "depends" : "depend";
      return [
        `cannot exclude "${name}": ${quoted(dependents)} ${verb} on it and would start without it (${excludeToo(dependents)})`,
      ];
    });
    if (problems.length > 0) throw new UserError(problems.join("; "));
  }

  /**
   * stop --exclude: refused when a service kept running depends, directly or not, on one
   * that would stop. Every such dependency is named at once.
   * `stopping`: the services the command would stop (default: all but the excluded).
   */
  checkStopExclusion(excluded: ReadonlySet<string>, stopping?: ReadonlySet<string>): void {
    const willStop = (n: string) => !excluded.has(n) && (stopping?.has(n) ?? true);
    const problems = [...excluded].flatMap((name) => {
      const below = this.inOrder(this.transitiveDependenciesOf(name)).filter(willStop);
      if (below.length === 0) return [];
      const which = below.length === 1 ? "which" : "all of which";
      return [
        `cannot exclude "${name}": it depends on ${quoted(below)}, ${which} would be stopped under it (${excludeToo(below)})`,
      ];
    });
    if (problems.length > 0) throw new UserError(problems.join("; "));
  }

  /** `names` in start order: what a message lists reads from the bottom of the graph up. */
  inOrder(names: ReadonlySet<string>): string[] {
    return this.startOrder().filter((n) => names.has(n));
  }

  private checkForCycles(): void {
    const state = new Map<string, "visiting" | "done">();
    const path: string[] = [];
    const visit = (name: string): void => {
      if (state.get(name) === "done") return;
      if (state.get(name) === "visiting") {
        const cycle = [...path.slice(path.indexOf(name)), name];
        throw new UserError(`dependency cycle: ${cycle.join(" -> ")}`, {
          file: this.file,
          service: this.get(cycle[0] ?? name).className,
          field: "dependencies",
        });
      }
      state.set(name, "visiting");
      path.push(name);
      for (const dep of this.dependenciesOf(name)) visit(dep);
      path.pop();
      state.set(name, "done");
    };
    for (const name of this.names) visit(name);
  }
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

function excludeToo(names: readonly string[]): string {
  return names.length === 1 ? `exclude ${quoted(names)} too` : `exclude them too: --exclude ${names.join(",")}`;
}
