/**
 * What a ping is given about the container it checks: boss passes one to
 * `ping(target)` while starting a service and in `boss status`. The ready-made
 * pings (`waitFor.log`, `waitFor.healthy`, `waitFor.command`, `waitFor.tcp` of a container port) read the container through it; a
 * hand-written `ping()` may ignore it.
 */
export interface PingTarget {
  /** The service's name. */
  readonly service: string;
  /** The id of the container being checked. */
  readonly containerId: string;
  /** What the container wrote (stdout and stderr, interleaved) since it was last started. */
  output(): Promise<string>;
  /** The container's healthcheck (the service's or the image's) as Docker last ran it; undefined when it has none. */
  health(): Promise<{ status: string; lastOutput?: string } | undefined>;
  /** The ports the container publishes now (`hostIp` "0.0.0.0" or "::" for every address). */
  publishedPorts(): Promise<PingPort[]>;
  /** Runs `command` (argv) in the container; resolves with its exit code and output once it ends or `timeoutMs` passes. */
  exec(command: readonly string[], timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

/** A port the container publishes, as a ping sees it. */
export interface PingPort {
  containerPort: number;
  protocol: "tcp" | "udp";
  hostIp: string;
  hostPort: number;
}
