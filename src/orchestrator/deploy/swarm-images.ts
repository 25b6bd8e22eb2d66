import { UserError } from "../../errors.js";
import type { SwarmClient } from "../../engine/swarm/swarm-client.js";
import type { ServiceDefinition } from "../../model/definition.js";
import type { EventSink } from "../events.js";
import type { ImageOf } from "../image-prefetch.js";

/** The image id and the reference the nodes run. */
export type SwarmImageOf = (service: ServiceDefinition) => Promise<{ id: string; reference: string }>;

/**
 * Where the nodes get each image. Built here (`buildFrom`) — with a registry: tagged `<registry>/<image>` and
 * pushed, once per image; without one: the local tag, which only this node has, so only a one-node swarm may
 * use it. Other images are the nodes' to pull from their registries, as `docker stack deploy` does.
 */
export function swarmImages(
  swarm: SwarmClient,
  local: ImageOf,
  options: { registry?: string; nodes: number; file: string; emit: EventSink },
): SwarmImageOf {
  const pushes = new Map<string, Promise<string>>();
  let said = false;
  return async (service) => {
    const id = await local(service);
    if (!service.build) return { id, reference: service.image };
    const { registry } = options;
    if (!registry) {
      if (options.nodes > 1) {
        throw new UserError(
          `the image ${service.image} is built here and the swarm has ${options.nodes} nodes: the others cannot ` +
            "get it; push it to a registry they can pull from with boss deploy --registry <host[:port][/path]>",
          { file: options.file, service: service.className, field: "buildFrom" },
        );
      }
      if (!said) {
        said = true;
        options.emit({
          type: "notice",
          message:
            "one-node swarm: built images are used as they are here, no registry needed (--registry pushes them)",
        });
      }
      return { id, reference: service.image };
    }
    const target = `${registry.replace(/\/+$/, "")}/${service.image}`;
    let push = pushes.get(target);
    if (!push) {
      options.emit({ type: "notice", message: `${service.name}: pushing ${target}` });
      push = swarm.pushImage(service.image, target, (line) =>
        options.emit({ type: "progress", service: service.name, line }),
      );
      pushes.set(target, push);
    }
    return { id, reference: await push };
  };
}
