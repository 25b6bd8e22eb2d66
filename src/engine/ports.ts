/**
 * Ports in the engine's own terms: what to publish when creating a container,
 * and what a container publishes now. The orchestrator maps a service's
 * `ports` (and a controlled service's core port) to the first; `boss status`
 * and the API read the second as it is, without parsing text.
 */

export type PortProtocol = "tcp" | "udp";

/** A container port to publish on the host. */
export interface PortSpec {
  containerPort: number;
  protocol: PortProtocol;
  /** The host address to listen on; unset: every address (Docker reports 0.0.0.0, and :: where IPv6 is on). */
  hostIp?: string;
  /** Unset: a free port the engine picks when the container starts. */
  hostPort?: number;
}

/** A port a running container publishes, as the engine reports it. */
export interface PublishedPort {
  containerPort: number;
  protocol: PortProtocol;
  /** "0.0.0.0" (or "::") for every address. */
  hostIp: string;
  hostPort: number;
}
