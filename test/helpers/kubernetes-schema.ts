import assert from "node:assert/strict";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, PersistentVolumeClaim, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";

/** A parsed manifest: what a test asserts on. */
export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
};

const models = {
  "apps/v1 Deployment": Deployment,
  "batch/v1 Job": Job,
  "v1 Service": Service,
  "v1 ConfigMap": ConfigMap,
  "v1 Secret": Secret,
  "v1 PersistentVolumeClaim": PersistentVolumeClaim,
  "v1 ServiceAccount": ServiceAccount,
  "rbac.authorization.k8s.io/v1 Role": Role,
  "rbac.authorization.k8s.io/v1 RoleBinding": RoleBinding,
} as const;

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Parses YAML as `kubectl apply` would (every document; comments allowed) and validates each object against the
 * Kubernetes API schema (kubernetes-models: types, required fields, enums, formats), and, as the API server
 * does beyond the schema, its name (an RFC 1123 label) and its labels' values (63 characters, no odd ones).
 */
export function validManifests(text: string): Manifest[] {
  const documents = parseAllDocuments(text);
  const manifests: Manifest[] = [];
  for (const document of documents) {
    assert.equal(document.errors.length, 0, `YAML errors: ${document.errors.map((e) => e.message).join("; ")}`);
    const value = document.toJS() as Manifest | null;
    if (value === null) continue; // only comments
    const Model = models[`${value.apiVersion} ${value.kind}` as keyof typeof models];
    assert.ok(Model, `an object of an unexpected kind: ${value.apiVersion} ${value.kind}`);
    // Each model takes its own kind's shape; the validation is what checks it.
    new (Model as new (data: unknown) => { validate(): void })(value).validate();
    assert.match(value.metadata.name, dnsLabel, `${value.kind} ${value.metadata.name}: not an RFC 1123 label`);
    for (const [key, label] of Object.entries(value.metadata.labels ?? {})) {
      assert.ok(label.length <= 63 && labelValue.test(label), `${value.kind} ${value.metadata.name}: label ${key}`);
    }
    manifests.push(value);
  }
  return manifests;
}

/** The one object of `kind` named `name`. */
export function manifestOf(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  assert.equal(
    found.length,
    1,
    `one ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(", ")}`,
  );
  return found[0] as Manifest;
}
