import { Command, Option } from "clipanion";
import { mkdir, readdir, rename, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { UserError } from "../../errors.js";
import { activeProfiles } from "../../model/profiles.js";
import { noteText } from "../../orchestrator/export/kubernetes/export-notes.js";
import { defaultExportOptions } from "../../orchestrator/export/kubernetes/export-options.js";
import type { KubernetesExport } from "../../orchestrator/export/kubernetes/kubernetes-manifests.js";
import { kubernetesName } from "../../orchestrator/export/kubernetes/kubernetes-names.js";
import { BossCommand } from "../base-command.js";

export class ExportKubernetesCommand extends BossCommand {
  static override paths = [["export", "kubernetes"]];

  static override usage = Command.Usage({
    description: "Write Kubernetes manifests for the group (no engine needed)",
    details: `
      A Deployment and a Service per service (a Job for a job), a PersistentVolumeClaim per named volume, a ConfigMap
      and a Secret with the Context values the env refers to (from .boss-context), readiness probes from the pings,
      and an init container per dependency that waits until it is ready. What cannot be carried over (hooks, a
      hand-written ping, bind mounts, ...) is listed at the top of the output and on stderr. docs/kubernetes.md has
      the whole mapping.
    `,
    examples: [
      ["To stdout", "$0 export kubernetes"],
      ["Into a folder, one file per service", "$0 export kubernetes -o k8s/ --namespace demo"],
      ["Straight into a cluster", "$0 export kubernetes | kubectl apply -f -"],
    ],
  });

  output = Option.String("-o,--output", "-", { description: "A folder to write the files into, or - for stdout" });
  namespace = Option.String("--namespace", { description: "Put every object in this namespace" });
  profile = Option.Array("--profile", {
    description: "Also export the services of this profile (repeatable, comma-separated; default: BOSS_PROFILES)",
  });
  waitImage = Option.String("--wait-image", defaultExportOptions.waitImage, {
    description: "Image of the init containers that wait for a dependency's Service (needs sh, nc and wget)",
  });
  kubectlImage = Option.String("--kubectl-image", defaultExportOptions.kubectlImage, {
    description: "Image of the init containers that wait for a job with kubectl (its entrypoint is kubectl)",
  });
  volumeSize = Option.String("--volume-size", defaultExportOptions.volumeSize, {
    description: "Storage each named volume's claim requests",
  });

  async execute(): Promise<number> {
    const loaded = await this.loadServices();
    checkQuantity(this.volumeSize);
    const options = {
      waitImage: this.waitImage,
      kubectlImage: this.kubectlImage,
      volumeSize: this.volumeSize,
      ...(this.namespace === undefined ? {} : { namespace: checkedNamespace(this.namespace) }),
    };
    const profiles = activeProfiles(this.profile ?? [], this.context.env.BOSS_PROFILES);
    // Loaded here, not with the command: the Kubernetes models are large, and only this command needs them.
    const { exportKubernetes } = await import("../../orchestrator/export/kubernetes/export-group.js");
    const exported = await exportKubernetes(loaded, profiles, options);
    const { manifestHeader, yamlDocuments } = await import("../render/kubernetes-yaml.js");
    const header = manifestHeader(exported, {
      group: loaded.file.group,
      file: relative(this.context.cwd, loaded.file.file) || loaded.file.file,
      ...options,
    });
    const files =
      this.output === "-" ? undefined : await this.writeFolder(exported, header, loaded.file.group, yamlDocuments);
    if (files === undefined && !this.json)
      this.context.stdout.write(header + "---\n" + yamlDocuments(everything(exported)));
    if (this.json) {
      const document = {
        group: loaded.file.group,
        files,
        objects: everything(exported).map((o): unknown => o.toJSON()),
      };
      this.context.stdout.write(JSON.stringify({ ...document, notes: exported.notes, unset: exported.unset }) + "\n");
    } else {
      this.sayOnStderr(exported, files);
    }
    return 0;
  }

  /** One file per service in start order (`01-appdb.yaml`), after `00-<group>.yaml` with what they share. */
  private async writeFolder(
    exported: KubernetesExport,
    header: string,
    group: string,
    yamlDocuments: (objects: KubernetesExport["shared"]) => string,
  ): Promise<string[]> {
    const dir = resolve(this.context.cwd, this.output);
    await mkdir(dir, { recursive: true });
    const width = String(exported.services.length).length < 2 ? 2 : String(exported.services.length).length;
    const files = [
      { name: `${"0".repeat(width)}-${kubernetesName(group)}.yaml`, objects: exported.shared },
      ...exported.services.map((s, i) => ({
        name: `${String(i + 1).padStart(width, "0")}-${kubernetesName(s.service)}.yaml`,
        objects: s.objects,
      })),
    ];
    for (const [i, file] of files.entries()) {
      // The first file carries the header, so `kubectl apply -f DIR` and a reader both meet it first.
      const text = (i === 0 ? header : "") + (file.objects.length > 0 ? "---\n" + yamlDocuments(file.objects) : "");
      // Whole or not at all: a file cut short by a kill would apply half a group.
      const temporary = join(dir, `.${file.name}.${process.pid}.tmp`);
      await writeFile(temporary, text);
      await rename(temporary, join(dir, file.name));
    }
    const written = new Set(files.map((file) => file.name));
    const others = (await readdir(dir)).filter((name) => /\.(ya?ml|json)$/.test(name) && !written.has(name));
    if (others.length > 0) {
      // Not removed: they may be the user's. But `kubectl apply -f DIR` would apply them too.
      this.context.stderr.write(
        `boss: ${relative(this.context.cwd, dir) || dir} also holds ${others.join(", ")}, not written by this export: ` +
          "kubectl apply -f on the folder applies them too\n",
      );
    }
    return files.map((file) => join(dir, file.name));
  }

  private sayOnStderr(exported: KubernetesExport, files: string[] | undefined): void {
    const { stderr } = this.context;
    for (const note of exported.notes) stderr.write(`boss: not carried over: ${noteText(note)}\n`);
    if (exported.unset.length > 0) {
      stderr.write(`boss: Context values not known yet (placeholders): ${exported.unset.join(", ")}\n`);
    }
    if (files) stderr.write(`boss: wrote ${files.map((f) => relative(this.context.cwd, f) || f).join(", ")}\n`);
  }
}

function everything(exported: KubernetesExport) {
  return [...exported.shared, ...exported.services.flatMap((s) => s.objects)];
}

/** A namespace is an RFC 1123 label. */
function checkedNamespace(namespace: string): string {
  if (/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) return namespace;
  throw new UserError(`"${namespace}" is not a namespace name: lower-case letters, digits and '-', at most 63`, {
    field: "--namespace",
  });
}

/** A Kubernetes quantity such as 1Gi, 500Mi or 10G. */
function checkQuantity(size: string): void {
  if (/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.test(size)) return;
  throw new UserError(`"${size}" is not a storage size such as 1Gi, 500Mi or 10G`, { field: "--volume-size" });
}
