import { dirname } from "node:path";
import type { ServiceDefinition } from "../../src/model/definition.js";
import { ServiceGraph } from "../../src/model/graph.js";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";

export const fixtureFile = "/projects/shop/boss.ts";

/** The fields of a Service (hooks included) as a test writes them; name is required, image defaults to busybox. */
export type ServiceFields = { name: string } & Partial<Omit<Service, "name">> & Record<string, unknown>;

class Blank extends Service {
  name = "blank";
  image = "busybox";
}

/** A validated definition, as loading a services file would make it; the class is named after the service. */
export function defineService(fields: ServiceFields, file = fixtureFile): ServiceDefinition {
  const instance = Object.assign(new Blank(), fields) as Service;
  const className = fields.name.charAt(0).toUpperCase() + fields.name.slice(1);
  return validateService(instance, className, file, dirname(file));
}

/** A graph of services given as `name: [dependencies]`. */
export function graphOf(dependencies: Record<string, string[]>, file = fixtureFile): ServiceGraph {
  const services = Object.entries(dependencies).map(([name, deps]) =>
    defineService({ name, dependencies: deps }, file),
  );
  return new ServiceGraph(services, file);
}
