// The benchmark's own view of the Docker engine: to measure the one-container
// limit, to check how containers exited, and to remove everything it made.
import Docker from "dockerode";

export const docker = new Docker();

/** Containers carrying every one of `labels` ("key=value"), running or not. */
export function containersWith(...labels: string[]): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: labels } });
}

/** The exit codes of the containers with `labels`; 137 means a stop that ended in SIGKILL. */
export async function exitCodes(...labels: string[]): Promise<number[]> {
  const found = await containersWith(...labels);
  const states = await Promise.all(found.map((c) => docker.getContainer(c.Id).inspect()));
  return states.map((s) => s.State.ExitCode);
}

/** Removes the containers and networks with `label` (and only those). Never throws. */
export async function removeLabelled(label: string): Promise<void> {
  try {
    const containers = await containersWith(label);
    await Promise.all(
      containers.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => undefined),
      ),
    );
    const networks = await docker.listNetworks({ filters: { label: [label] } });
    await Promise.all(
      networks.map((n) =>
        docker
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined),
      ),
    );
  } catch {
    // Cleanup is best effort: the caller reports the run's own error.
  }
}
