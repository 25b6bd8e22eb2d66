import type { IProbe } from "kubernetes-models/v1";
import type { HealthcheckOptions } from "../../../model/container-options.js";
import type { ServiceDefinition } from "../../../model/definition.js";
import { waitPlanOf, type WaitPlan } from "../../../model/wait-for/wait-plan.js";
import type { ExportNotes } from "./export-notes.js";

/** Where a service answers once ready, in the container: what its dependents' init containers wait on. */
export interface ReadinessEndpoint {
  kind: "tcp" | "http";
  containerPort: number;
  /** HTTP only: the path (with its query). */
  path?: string;
}

export interface Readiness {
  probe?: IProbe;
  endpoint?: ReadinessEndpoint;
}

/** boss pings every 100 ms; a probe runs at most once a second. */
const pingPeriodSeconds = 1;
const localHosts = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * The readiness probe of a service: from its ready-made ping (`waitFor.tcp`, `waitFor.http`,
 * `waitFor.command`, `waitFor.healthy`, the first of `waitFor.all` that maps), else from its healthcheck.
 * A hand-written `ping()` runs on the machine that runs boss: it cannot be carried over, and is noted.
 */
export function readinessOf(service: ServiceDefinition, notes: ExportNotes): Readiness {
  // Read as a value: a ready-made ping is a plain function, never called here.
  const ping = (service.instance as { ping?: unknown }).ping;
  const healthcheck = service.options.healthcheck;
  const fromHealthcheck = (): Readiness =>
    healthcheck && healthcheck.test[0] !== "NONE" ? { probe: healthcheckProbe(healthcheck) } : {};
  if (ping === undefined) return fromHealthcheck();
  const plan = waitPlanOf(ping);
  if (plan === undefined) {
    notes.add(
      service.name,
      "ping",
      "a hand-written ping() runs on the machine that runs boss and is not carried over" +
        (healthcheck ? "; the readiness probe comes from healthcheck" : "; the pod is ready as soon as it runs"),
    );
    return fromHealthcheck();
  }
  const readiness = fromPlan(service, plan, notes);
  if (readiness.probe && healthcheck && healthcheck.test[0] !== "NONE" && plan.kind !== "healthy") {
    notes.add(service.name, "healthcheck", "not carried over: the readiness probe comes from ping");
  }
  return readiness;
}

function fromPlan(service: ServiceDefinition, plan: WaitPlan, notes: ExportNotes): Readiness {
  const drop = (message: string): Readiness => {
    notes.add(service.name, "ping", message);
    return {};
  };
  switch (plan.kind) {
    case "tcp": {
      if (plan.host !== undefined && !localHosts.has(plan.host)) {
        return drop(`waitFor.tcp checks ${plan.host}:${plan.port}, another machine: not carried over`);
      }
      const port = plan.containerPort ? plan.port : containerPortOf(service, plan.port);
      if (port === undefined) return drop(`waitFor.tcp(${plan.port}): not a port this service publishes`);
      return {
        probe: { tcpSocket: { port }, periodSeconds: pingPeriodSeconds },
        endpoint: { kind: "tcp", containerPort: port },
      };
    }
    case "http": {
      const url = new URL(plan.url);
      if (!plan.own && !localHosts.has(url.hostname)) {
        return drop(`waitFor.http checks ${url.host}, another machine: not carried over`);
      }
      const written = Number(url.port || (url.protocol === "https:" ? 443 : 80));
      const port = containerPortOf(service, written);
      if (port === undefined) return drop(`waitFor.http: port ${written} is not a port this service publishes`);
      if (plan.status !== undefined && (plan.status < 200 || plan.status > 399)) {
        notes.add(service.name, "ping", `Kubernetes takes any 200-399 status as ready, not only ${plan.status}`);
      }
      const path = `${url.pathname}${url.search}`;
      const scheme = url.protocol === "https:" ? "HTTPS" : "HTTP";
      return {
        probe: { httpGet: { port, path, scheme }, periodSeconds: pingPeriodSeconds },
        // busybox's wget in the init containers speaks plain HTTP: an HTTPS endpoint is waited on as TCP.
        endpoint:
          scheme === "HTTP" ? { kind: "http", containerPort: port, path } : { kind: "tcp", containerPort: port },
      };
    }
    case "command":
      return {
        probe: {
          exec: { command: plan.argv },
          timeoutSeconds: Math.max(1, Math.ceil(plan.timeout)),
          periodSeconds: pingPeriodSeconds,
        },
      };
    case "log":
      return drop(`waitFor.log(${plan.pattern}): Kubernetes has no probe on a container's output; not carried over`);
    case "healthy": {
      const healthcheck = service.options.healthcheck;
      if (healthcheck) return { probe: healthcheckProbe(healthcheck) };
      return drop(
        "waitFor.healthy() waits for the image's HEALTHCHECK, which Kubernetes ignores: set healthcheck on the service",
      );
    }
    case "all": {
      const mapped = plan.plans.map((part) => (part ? fromPlan(service, part, notes) : {}));
      const first = mapped.findIndex((readiness) => readiness.probe !== undefined);
      if (plan.plans.some((part) => part === undefined)) {
        notes.add(service.name, "ping", "waitFor.all: a hand-written part is not carried over");
      }
      if (first === -1) return {};
      if (plan.plans.length > 1) {
        notes.add(
          service.name,
          "ping",
          `waitFor.all: a pod has one readiness probe; part ${first + 1} of ${plan.plans.length} is used`,
        );
      }
      return mapped[first] ?? {};
    }
  }
}

/** The container port behind `port` as a ping names it: a published host port, else a container port. */
function containerPortOf(service: ServiceDefinition, port: number): number | undefined {
  const tcp = service.ports.filter((p) => p.protocol === "tcp");
  return (
    tcp.find((p) => p.hostPort === port)?.containerPort ??
    tcp.find((p) => p.containerPort === port)?.containerPort ??
    (service.control?.port === port ? port : undefined)
  );
}

/** compose's healthcheck as an exec probe (Docker runs a HEALTHCHECK; Kubernetes ignores the image's). */
export function healthcheckProbe(healthcheck: HealthcheckOptions): IProbe {
  const [kind, ...rest] = healthcheck.test;
  const command = kind === "CMD-SHELL" ? ["/bin/sh", "-c", rest.join(" ")] : rest;
  const seconds = (value: number | undefined) => (value === undefined ? undefined : Math.max(1, Math.ceil(value)));
  const probe: IProbe = { exec: { command } };
  const period = seconds(healthcheck.interval);
  const timeout = seconds(healthcheck.timeout);
  const delay = seconds(healthcheck.startPeriod);
  if (period !== undefined) probe.periodSeconds = period;
  if (timeout !== undefined) probe.timeoutSeconds = timeout;
  if (healthcheck.retries !== undefined) probe.failureThreshold = Math.max(1, healthcheck.retries);
  if (delay !== undefined) probe.initialDelaySeconds = delay;
  return probe;
}
