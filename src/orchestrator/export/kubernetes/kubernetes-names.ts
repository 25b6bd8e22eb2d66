import { UserError } from "../../../errors.js";

/** What every object of the export is named and labelled from. */
export interface ExportScope {
  group: string;
  namespace?: string;
}

/**
 * A name Kubernetes accepts (RFC 1123 label: lower case, digits, '-', at most 63): boss's service names are DNS
 * labels already, in any case; group and volume names may hold '_' and '.'.
 */
export function kubernetesName(...parts: string[]): string {
  const name = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  if (name === "") throw new UserError(`"${parts.join("-")}" gives no Kubernetes name`, { field: "name" });
  return name;
}

/** The standard `app.kubernetes.io/*` labels, and boss's own (`boss.group`, `boss.service`) as on its containers. */
export function serviceLabels(scope: ExportScope, service?: string): Record<string, string> {
  return {
    "app.kubernetes.io/part-of": kubernetesName(scope.group),
    "app.kubernetes.io/managed-by": "boss",
    ...(service === undefined
      ? {}
      : {
          "app.kubernetes.io/name": kubernetesName(service),
          "app.kubernetes.io/instance": kubernetesName(scope.group, service),
        }),
    "boss.group": kubernetesName(scope.group),
    ...(service === undefined ? {} : { "boss.service": kubernetesName(service) }),
  };
}

/** What a Deployment, Job and Service select a service's pods by: boss's two labels, which never change. */
export function podSelector(scope: ExportScope, service: string): Record<string, string> {
  return { "boss.group": kubernetesName(scope.group), "boss.service": kubernetesName(service) };
}

/** Metadata of one object: its name, the namespace when given, and the labels. */
export function objectMeta(
  scope: ExportScope,
  name: string,
  service?: string,
): { name: string; namespace?: string; labels: Record<string, string> } {
  return {
    name,
    ...(scope.namespace === undefined ? {} : { namespace: scope.namespace }),
    labels: serviceLabels(scope, service),
  };
}
