import type { IContainer } from "kubernetes-models/v1";
import type { ReadinessEndpoint } from "./readiness-probe.js";
import type { WaitImages } from "./export-options.js";
import { kubernetesName } from "./kubernetes-names.js";

/** What a dependent needs to know of a dependency to wait for it. */
export interface DependencyTarget {
  name: string;
  job: boolean;
  /** Where it answers once ready (its readiness probe's endpoint), else its first TCP Service port. */
  endpoint?: ReadinessEndpoint;
}

/** How long between two checks of an init container. */
const retrySeconds = 2;

/**
 * boss starts a service once its dependencies are ready; in a pod, an init container per dependency waits
 * for that. A Service routes only to ready pods, so a TCP connection (or an HTTP GET of the readiness path)
 * through the dependency's Service succeeds once one of its pods is ready. A job is waited for with
 * `kubectl wait --for=condition=complete`, a service with no TCP port with `--for=condition=available` (the pod
 * then runs as a ServiceAccount allowed to read jobs and deployments).
 */
export function dependencyWait(
  target: DependencyTarget,
  images: WaitImages,
): { container: IContainer; kubectl: boolean } {
  const name = kubernetesName("wait-for", target.name);
  const host = kubernetesName(target.name);
  if (target.job || target.endpoint === undefined) {
    const what = target.job ? `--for=condition=complete job/${host}` : `--for=condition=available deployment/${host}`;
    return {
      kubectl: true,
      container: { name, image: images.kubectlImage, args: ["wait", ...what.split(" "), "--timeout=-1s"] },
    };
  }
  const { kind, containerPort, path } = target.endpoint;
  const check =
    kind === "http"
      ? `wget -q -T 2 -O /dev/null 'http://${host}:${containerPort}${(path ?? "/").replace(/'/g, "'\\''")}'`
      : `nc -z -w 2 ${host} ${containerPort}`;
  const script = `until ${check}; do echo 'waiting for ${host}'; sleep ${retrySeconds}; done`;
  return { kubectl: false, container: { name, image: images.waitImage, command: ["sh", "-c", script] } };
}
