import { stringify } from "yaml";
import { noteText } from "../../orchestrator/export/kubernetes/export-notes.js";
import type { KubernetesExport, KubernetesObject } from "../../orchestrator/export/kubernetes/kubernetes-manifests.js";

/** The comment at the top of the output: what it is, how to apply it, and all that did not carry over. */
export function manifestHeader(
  exported: KubernetesExport,
  about: { group: string; file: string; waitImage: string; kubectlImage: string },
): string {
  const lines = [
    `Kubernetes manifests of the boss group "${about.group}", made by \`boss export kubernetes\` from ${about.file}.`,
    "Apply with `kubectl apply -f` (docs/kubernetes.md says what maps to what). Init containers wait for",
    `dependencies with ${about.waitImage} (--wait-image) and, for jobs, ${about.kubectlImage} (--kubectl-image).`,
  ];
  if (exported.notes.length > 0) {
    lines.push("", "Not carried over:", ...exported.notes.map((note) => `  ${noteText(note)}`));
  }
  if (exported.unset.length > 0) {
    lines.push(
      "",
      "Context values not in .boss-context yet (a placeholder in the ConfigMap/Secret: fill them in):",
      ...exported.unset.map((key) => `  ${key}`),
    );
  }
  return lines.map((line) => (line === "" ? "#" : `# ${line}`)).join("\n") + "\n";
}

/** Objects as YAML documents, `---` between them. */
export function yamlDocuments(objects: readonly KubernetesObject[]): string {
  return objects.map((object) => stringify(object.toJSON(), { lineWidth: 0 })).join("---\n");
}
