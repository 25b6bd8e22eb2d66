import type { IContainer, IPodSpec } from "kubernetes-models/v1";
import type { ServiceDefinition } from "../../../model/definition.js";
import type { ExportNotes } from "./export-notes.js";

/** boss's default grace period between the stop signal and SIGKILL (Kubernetes's own is 30 s). */
const defaultGraceSeconds = 10;

/**
 * The container fields that map one to one, or nearly: user, working dir, capabilities, read-only root,
 * no-new-privileges, limits, the stop signal, pull policy. What has no counterpart is noted.
 */
export function containerSettings(service: ServiceDefinition, notes: ExportNotes): Partial<IContainer> {
  const { options } = service;
  const settings: Partial<IContainer> = {
    imagePullPolicy: ({ missing: "IfNotPresent", always: "Always", never: "Never" } as const)[service.pullPolicy],
  };
  if (options.workingDir !== undefined) settings.workingDir = options.workingDir;
  const security: NonNullable<IContainer["securityContext"]> = {};
  if (service.user !== undefined) {
    const ids = /^(\d+)(?::(\d+))?$/.exec(service.user);
    if (ids) {
      security.runAsUser = Number(ids[1]);
      if (ids[2] !== undefined) security.runAsGroup = Number(ids[2]);
    } else {
      notes.add(service.name, "user", `"${service.user}" is a name: Kubernetes takes a numeric uid[:gid]`);
    }
  }
  if (service.capAdd.length > 0) {
    security.capabilities = { add: service.capAdd };
    if (service.capAdd.includes("NET_ADMIN")) {
      notes.add(
        service.name,
        "capAdd",
        "NET_ADMIN (traffic shaping) is refused by clusters that enforce the baseline Pod Security standard",
      );
    }
  }
  if (options.readOnly) security.readOnlyRootFilesystem = true;
  for (const option of options.securityOpt ?? []) {
    if (/^no-new-privileges(:true)?$/.test(option)) security.allowPrivilegeEscalation = false;
    else notes.add(service.name, "securityOpt", `"${option}" not carried over`);
  }
  if (Object.keys(security).length > 0) settings.securityContext = security;
  const limits: Record<string, string> = {};
  if (options.memory !== undefined) limits.memory = String(options.memory);
  if (options.cpus !== undefined) limits.cpu = `${Math.round(options.cpus * 1000)}m`;
  if (Object.keys(limits).length > 0) settings.resources = { limits };
  const signal = service.stopSignal;
  if (signal === "SIGINT" || signal === "SIGQUIT") {
    // Kubernetes sends SIGTERM (or the image's STOPSIGNAL); a preStop hook sends the service's signal first and
    // waits for the process to end, so SIGTERM only comes if it has not ended within the grace period.
    const short = signal.slice(3);
    settings.lifecycle = {
      preStop: {
        exec: { command: ["/bin/sh", "-c", `kill -${short} 1; while kill -0 1 2>/dev/null; do sleep 1; done`] },
      },
    };
    notes.add(service.name, "stopSignal", `${signal} is sent by a preStop hook, which needs /bin/sh in the image`);
  }
  return settings;
}

/** The pod fields: grace period, hostname, extra hosts, sysctls, platform. */
export function podSettings(service: ServiceDefinition, notes: ExportNotes): Partial<IPodSpec> {
  const { options } = service;
  const settings: Partial<IPodSpec> = {
    terminationGracePeriodSeconds:
      service.stopSignal === "SIGKILL" ? 0 : Math.ceil(options.stopGracePeriod ?? defaultGraceSeconds),
  };
  if (options.hostname !== undefined) settings.hostname = options.hostname;
  const aliases = new Map<string, string[]>();
  for (const entry of options.extraHosts ?? []) {
    const at = entry.indexOf(":");
    const [host, address] = [entry.slice(0, at), entry.slice(at + 1)];
    if (address === "host-gateway") {
      notes.add(service.name, "extraHosts", `${host}: host-gateway (the machine that runs Docker) has no counterpart`);
      continue;
    }
    aliases.set(address, [...(aliases.get(address) ?? []), host]);
  }
  if (aliases.size > 0) settings.hostAliases = [...aliases].map(([ip, hostnames]) => ({ ip, hostnames }));
  const sysctls = Object.entries(options.sysctls ?? {});
  if (sysctls.length > 0) settings.securityContext = { sysctls: sysctls.map(([name, value]) => ({ name, value })) };
  if (options.platform !== undefined) {
    const [os, arch] = options.platform.split("/");
    settings.nodeSelector = {
      ...(os ? { "kubernetes.io/os": os } : {}),
      ...(arch ? { "kubernetes.io/arch": arch } : {}),
    };
  }
  return settings;
}

/** The fields a cluster has no place for, each noted when the service sets it. */
export function noteUnmapped(service: ServiceDefinition, notes: ExportNotes): void {
  const { options, instance } = service;
  const note = (field: string, message: string) => notes.add(service.name, field, message);
  if (typeof instance.preStart === "function") note("preStart", "runs on the machine that runs boss: not carried over");
  if (typeof instance.postStart === "function") {
    note("postStart", "runs on the machine that runs boss: not carried over (the Context values it sets are not made)");
  }
  if (service.build) {
    note(
      "buildFrom",
      `boss builds ${service.image} on this machine: push it to a registry the cluster pulls from, and use that name`,
    );
  }
  if (service.control) {
    note(
      "control",
      "boss starts the workload through the Container Control Core (POST /api/start); nothing does in the cluster",
    );
  }
  if (service.ports.length > 0) {
    const hostPort = (p: ServiceDefinition["ports"][number]) => (p.hostPort === 0 ? "any" : String(p.hostPort));
    const list = service.ports.map((p) => `${p.hostIp ? `${p.hostIp}:` : ""}${hostPort(p)}->${p.containerPort}`);
    note(
      "ports",
      `host ports (${list.join(", ")}) are not published: the Service answers on the container ports ` +
        "(kubectl port-forward, a NodePort or a LoadBalancer reach it from outside)",
    );
  }
  if (options.restart !== undefined && !service.job) {
    note("restart", `${options.restart.policy}: a Deployment always restarts its pods`);
  }
  if (options.init) note("init", "no init process is added: use an image with tini, or shareProcessNamespace");
  if (options.ulimits) note("ulimits", "not carried over: Kubernetes has no per-container ulimits");
  if (options.devices?.length) note("devices", "host devices are not carried over");
  if (options.rawCreateOptions) note("rawCreateOptions", "Docker Engine API fields are not carried over");
  if (service.watch.length > 0) note("watch", "a development loop of boss watch: not carried over");
  if (service.alwaysStartNew) note("alwaysStartNew", "no meaning in a cluster: not carried over");
  if (instance.swarm !== undefined) note("swarm", "Swarm-only options: not used");
}
