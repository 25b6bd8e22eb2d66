/**
 * What a ping is given about the container it checks: boss passes one to
 * `ping(target)` while starting a service and in `boss status`. The ready-made
 * pings (`waitFor.log`, `waitFor.healthy`) read the container through it; a
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
}
