import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import type { IContainer, IPodTemplateSpec, IServicePort } from "kubernetes-models/v1";
import { Service, ServiceAccount, type ConfigMap, type PersistentVolumeClaim, type Secret } from "kubernetes-models/v1";
import { UserError } from "../../../errors.js";
import type { ServiceDefinition } from "../../../model/definition.js";
import type { JsonValue } from "../../../model/json.js";
import { containerSettings, noteUnmapped, podSettings } from "./container-settings.js";
import { ContextValues } from "./context-values.js";
import { dependencyWait, type DependencyTarget } from "./dependency-waits.js";
import { defaultExportOptions, type KubernetesExportOptions } from "./export-options.js";
import { ExportNotes, type ExportNote } from "./export-notes.js";
import { kubernetesName, objectMeta, podSelector, serviceLabels, type ExportScope } from "./kubernetes-names.js";
import { podVolumes, volumeClaims } from "./pod-volumes.js";
import { readinessOf, type Readiness } from "./readiness-probe.js";

/** One object of the export: a kubernetes-models instance (typed, and checked against the API's schema). */
export type KubernetesObject =
  Deployment | Job | Service | ConfigMap | Secret | PersistentVolumeClaim | ServiceAccount | Role | RoleBinding;

export interface KubernetesExport {
  /** The group's objects: ServiceAccount and RBAC for `kubectl wait`, ConfigMap, Secret, claims. */
  shared: KubernetesObject[];
  /** Per service, in start order: its Deployment (or Job), Service and alias Services. */
  services: Array<{ service: string; objects: KubernetesObject[] }>;
  /** What could not be carried over. */
  notes: ExportNote[];
  /** Context keys the env refers to that `.boss-context` does not hold: placeholders in the output. */
  unset: string[];
}

/**
 * The Kubernetes objects for a group: a pure function of the services (in start order) and the Context. Every
 * object is validated against the Kubernetes API's schema before it is returned.
 */
export function kubernetesManifests(
  source: { group: string; file: string },
  services: readonly ServiceDefinition[],
  context: ReadonlyMap<string, JsonValue>,
  options: KubernetesExportOptions = defaultExportOptions,
): KubernetesExport {
  const { group } = source;
  const scope: ExportScope = { group, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) };
  checkDistinctNames(source.file, services);
  const notes = new ExportNotes();
  const values = new ContextValues(scope, context, services);
  const readiness = new Map(services.map((s) => [s.name, readinessOf(s, notes)]));
  const servicePorts = new Map(services.map((s) => [s.name, portsOf(s, readiness.get(s.name))]));
  const waiter = kubernetesName(group, "boss-wait");
  let needsKubectl = false;
  const exported = services.map((service) => {
    noteUnmapped(service, notes);
    const waits = service.dependencies.map((name) => {
      const wait = dependencyWait(dependencyTarget(name, services, readiness, servicePorts), options);
      needsKubectl ||= wait.kubectl;
      return wait;
    });
    const template = podTemplate(scope, service, notes, values, {
      readiness: readiness.get(service.name) ?? {},
      ports: servicePorts.get(service.name) ?? [],
      initContainers: waits.map((w) => w.container),
      ...(waits.some((w) => w.kubectl) ? { serviceAccountName: waiter } : {}),
    });
    return { service: service.name, objects: workloadObjects(scope, service, template, servicePorts, notes) };
  });
  const shared: KubernetesObject[] = [
    ...(needsKubectl ? waiterAccess(scope, waiter) : []),
    ...values.objects(),
    ...volumeClaims(scope, services, options.volumeSize, notes),
  ];
  for (const object of [...shared, ...exported.flatMap((e) => e.objects)]) validated(object);
  return { shared, services: exported, notes: notes.notes, unset: [...values.unset].sort() };
}

interface PodParts {
  readiness: Readiness;
  ports: IServicePort[];
  initContainers: IContainer[];
  serviceAccountName?: string;
}

function podTemplate(
  scope: ExportScope,
  service: ServiceDefinition,
  notes: ExportNotes,
  values: ContextValues,
  parts: PodParts,
): IPodTemplateSpec {
  const { env, entrypoint, cmd } = values.envOf(service);
  const volumes = podVolumes(scope, service, notes);
  const container: IContainer = {
    name: kubernetesName(service.name),
    image: service.image,
    ...(entrypoint ? { command: entrypoint } : {}),
    ...(cmd ? { args: cmd } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(parts.ports.length > 0
      ? { ports: parts.ports.map((p) => ({ containerPort: p.port, protocol: p.protocol ?? "TCP", name: p.name })) }
      : {}),
    ...(parts.readiness.probe ? { readinessProbe: parts.readiness.probe } : {}),
    ...(volumes.mounts.length > 0 ? { volumeMounts: volumes.mounts } : {}),
    ...containerSettings(service, notes),
  };
  const labels = service.options.labels ?? {};
  return {
    metadata: {
      labels: { ...serviceLabels(scope, service.name), ...podSelector(scope, service.name) },
      // Docker labels are free text; as annotations they keep any value.
      ...(Object.keys(labels).length > 0 ? { annotations: labels } : {}),
    },
    spec: {
      ...(parts.initContainers.length > 0 ? { initContainers: parts.initContainers } : {}),
      containers: [container],
      ...(volumes.volumes.length > 0 ? { volumes: volumes.volumes } : {}),
      ...(parts.serviceAccountName ? { serviceAccountName: parts.serviceAccountName } : {}),
      // A job runs once (validation refuses a restart policy on one).
      ...(service.job ? { restartPolicy: "Never" } : {}),
      ...podSettings(service, notes),
    },
  };
}

/** A Job for a one-shot service, else a Deployment; a Service (and one per alias) for a long-running one. */
function workloadObjects(
  scope: ExportScope,
  service: ServiceDefinition,
  template: IPodTemplateSpec,
  servicePorts: ReadonlyMap<string, IServicePort[]>,
  notes: ExportNotes,
): KubernetesObject[] {
  const name = kubernetesName(service.name);
  const metadata = objectMeta(scope, name, service.name);
  if (service.job) {
    if (service.replicas !== 1) notes.add(service.name, "replicas", "a job runs once: not carried over");
    // boss fails a job's dependents on its first failure: no retries.
    return [new Job({ metadata, spec: { backoffLimit: 0, template } })];
  }
  const selector = podSelector(scope, service.name);
  const usesClaims = (template.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim !== undefined);
  const deployment = new Deployment({
    metadata,
    spec: {
      replicas: service.replicas,
      selector: { matchLabels: selector },
      // A ReadWriteOnce claim is mounted by one pod at a time: the old pod goes before the new one comes, as boss
      // replaces a container.
      ...(usesClaims ? { strategy: { type: "Recreate" } } : {}),
      template,
    },
  });
  const ports = servicePorts.get(service.name) ?? [];
  const spec = ports.length > 0 ? { selector, ports } : { selector, clusterIP: "None" };
  if (ports.length === 0) {
    notes.add(
      service.name,
      "ports",
      "no port is known: a headless Service makes the name resolve to its pods (any port), without load balancing",
    );
  }
  const aliases = (service.options.aliases ?? []).map(
    (alias) => new Service({ metadata: objectMeta(scope, kubernetesName(alias), service.name), spec }),
  );
  return [deployment, new Service({ metadata, spec }), ...aliases];
}

/** The ports a service answers on in the cluster: its published container ports, its core's, its readiness port. */
function portsOf(service: ServiceDefinition, readiness: Readiness | undefined): IServicePort[] {
  const seen = new Map<string, IServicePort>();
  const add = (port: number, protocol: "tcp" | "udp") => {
    const name = `${protocol}-${port}`;
    if (!seen.has(name)) seen.set(name, { name, port, targetPort: port, protocol: protocol === "tcp" ? "TCP" : "UDP" });
  };
  for (const p of service.ports) add(p.containerPort, p.protocol);
  if (service.control) add(service.control.port, "tcp");
  if (readiness?.endpoint) add(readiness.endpoint.containerPort, "tcp");
  return service.job ? [] : [...seen.values()];
}

function dependencyTarget(
  name: string,
  services: readonly ServiceDefinition[],
  readiness: ReadonlyMap<string, Readiness>,
  servicePorts: ReadonlyMap<string, IServicePort[]>,
): DependencyTarget {
  const dependency = services.find((s) => s.name === name);
  const endpoint = readiness.get(name)?.endpoint;
  const tcpPort = servicePorts.get(name)?.find((p) => p.protocol === "TCP")?.port;
  return {
    name,
    job: dependency?.job ?? false,
    ...(endpoint ? { endpoint } : tcpPort !== undefined ? { endpoint: { kind: "tcp", containerPort: tcpPort } } : {}),
  };
}

/** The ServiceAccount whose pods may `kubectl wait` on the group's jobs and deployments (read only). */
function waiterAccess(scope: ExportScope, name: string): KubernetesObject[] {
  const metadata = objectMeta(scope, name);
  return [
    new ServiceAccount({ metadata }),
    new Role({
      metadata,
      rules: [
        { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch"] },
      ],
    }),
    new RoleBinding({
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name, ...(scope.namespace ? { namespace: scope.namespace } : {}) }],
    }),
  ];
}

/**
 * Two Services of one name: services whose names differ only in case (boss's names are case-blind DNS labels,
 * Kubernetes's lower case), or an alias that is another service's name.
 */
function checkDistinctNames(file: string, services: readonly ServiceDefinition[]): void {
  const seen = new Map<string, string>();
  for (const service of services) {
    const names = [
      { name: kubernetesName(service.name), field: "name" },
      ...(service.options.aliases ?? []).map((alias, i) => ({ name: kubernetesName(alias), field: `aliases[${i}]` })),
    ];
    for (const { name, field } of names) {
      const other = seen.get(name);
      if (other !== undefined) {
        throw new UserError(
          `"${name}" would name two Services in Kubernetes (also for ${other}; names are lower case)`,
          {
            file,
            service: service.className,
            field,
          },
        );
      }
      seen.set(name, service.name);
    }
  }
}

/** The object, once the Kubernetes schema accepts it (a failure is a bug of the mapping: it names the object). */
function validated<T extends KubernetesObject>(object: T): T {
  try {
    object.validate();
  } catch (error) {
    const { kind, metadata } = object;
    throw new Error(`boss made an invalid ${kind} ${metadata?.name}: ${(error as Error).message}`, { cause: error });
  }
  return object;
}
