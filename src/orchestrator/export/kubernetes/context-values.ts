import type { IEnvVar } from "kubernetes-models/v1";
import { ConfigMap, Secret } from "kubernetes-models/v1";
import type { ServiceDefinition } from "../../../model/definition.js";
import { replacePlaceholders } from "../../../model/interpolate.js";
import type { JsonValue } from "../../../model/json.js";
import { kubernetesName, objectMeta, type ExportScope } from "./kubernetes-names.js";

/**
 * The rule for what goes into the Secret rather than the ConfigMap (or inline): a name that says password,
 * secret, token, credential, private/api/access key or auth — or a value that is a URL with a password in it.
 */
const secretName = /pass(word|wd|phrase)?|pwd|secret|token|credential|(private|api|access)[-_.]?key|auth/i;
const urlWithPassword = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;

export function looksSecret(name: string, value?: string): boolean {
  return secretName.test(name) || (value !== undefined && urlWithPassword.test(value));
}

/** The value written for a Context key `.boss-context` does not have yet (a hook sets it when boss starts). */
export function unsetPlaceholder(key: string): string {
  return `<unset: no value for "${key}" in .boss-context yet; run boss start once, or fill it in here>`;
}

/**
 * The Context values the services refer to with `{key}`, and the literal env values that look secret: a
 * ConfigMap `<group>-context` and a Secret `<group>-secrets`. In the containers, a `{key}` becomes `$(VAR)` of
 * an env var filled from one of them (Kubernetes expands `$(VAR)` in env, command and args; every other `$`
 * is doubled so that it stays as written).
 */
export class ContextValues {
  private readonly config = new Map<string, string>();
  private readonly secret = new Map<string, string>();
  /** Context keys the services refer to that `.boss-context` does not hold. */
  readonly unset = new Set<string>();

  /** Context keys kept in the Secret: decided before any reference is written, so all references agree. */
  private readonly secretKeys = new Set<string>();

  constructor(
    private readonly scope: ExportScope,
    private readonly context: ReadonlyMap<string, JsonValue>,
    services: readonly ServiceDefinition[],
  ) {
    for (const service of services) {
      for (const [name, value] of Object.entries(service.env)) {
        for (const key of placeholdersIn(value)) {
          const known = context.get(key);
          if (looksSecret(name) || looksSecret(key, typeof known === "string" ? known : undefined)) {
            this.secretKeys.add(key);
          }
        }
      }
    }
  }

  get configMapName(): string {
    return kubernetesName(this.scope.group, "context");
  }

  get secretName(): string {
    return kubernetesName(this.scope.group, "secrets");
  }

  /** The container's env: literal values inline (secret-looking ones from the Secret), `{key}` through `$(VAR)`. */
  envOf(service: ServiceDefinition): { env: IEnvVar[]; entrypoint?: string[]; cmd?: string[] } {
    const references = new Map<string, IEnvVar>();
    const refer = (key: string): string => {
      const variable = contextVariable(key);
      references.set(variable, { name: variable, valueFrom: this.reference(key) });
      return `$(${variable})`;
    };
    const env: IEnvVar[] = [];
    for (const [name, value] of Object.entries(service.env)) {
      const whole = /^\{([A-Za-z_][\w.-]*(?:\/udp)?)\}$/.exec(value)?.[1];
      if (whole !== undefined) {
        env.push({ name, valueFrom: this.reference(whole) });
      } else if (placeholdersIn(value).length === 0 && looksSecret(name, value)) {
        const key = dataKey(`${service.name}.${name}`);
        this.secret.set(key, value);
        env.push({ name, valueFrom: { secretKeyRef: { name: this.secretName, key } } });
      } else {
        env.push({ name, value: withReferences(value, refer) });
      }
    }
    const argv = (list?: string[]) => list?.map((word) => withReferences(word, refer));
    const entrypoint = argv(service.entrypoint);
    const cmd = argv(service.cmd);
    return {
      // Kubernetes expands $(VAR) only from variables defined before: the references come first.
      env: [...references.values(), ...env],
      ...(entrypoint ? { entrypoint } : {}),
      ...(cmd ? { cmd } : {}),
    };
  }

  /** The ConfigMap and the Secret, each only when something goes into it. */
  objects(): Array<ConfigMap | Secret> {
    const sorted = (map: Map<string, string>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
    return [
      ...(this.config.size > 0
        ? [new ConfigMap({ metadata: objectMeta(this.scope, this.configMapName), data: sorted(this.config) })]
        : []),
      ...(this.secret.size > 0
        ? [
            new Secret({
              metadata: objectMeta(this.scope, this.secretName),
              type: "Opaque",
              stringData: sorted(this.secret),
            }),
          ]
        : []),
    ];
  }

  private reference(key: string): NonNullable<IEnvVar["valueFrom"]> {
    const known = this.context.get(key);
    if (known === undefined) this.unset.add(key);
    const value =
      known === undefined ? unsetPlaceholder(key) : typeof known === "string" ? known : JSON.stringify(known);
    const name = dataKey(key);
    if (this.secretKeys.has(key)) {
      this.secret.set(name, value);
      return { secretKeyRef: { name: this.secretName, key: name } };
    }
    this.config.set(name, value);
    return { configMapKeyRef: { name: this.configMapName, key: name } };
  }
}

function placeholdersIn(text: string): string[] {
  const keys: string[] = [];
  replacePlaceholders(text, (key) => {
    keys.push(key);
    return "";
  });
  return keys;
}

/** `text` for Kubernetes: `$` doubled (kept as written), each `{key}` replaced by `refer(key)`, `{{`/`}}` as braces. */
function withReferences(text: string, refer: (key: string) => string): string {
  // A function, not "$$": in a replacement string "$$" means one "$".
  return replacePlaceholders(
    text.replaceAll("$", () => "$$"),
    refer,
  );
}

/** The env var a Context key is read into: `BOSS_CONTEXT_owner_id`, `BOSS_CONTEXT_ports_db_5432`. */
export function contextVariable(key: string): string {
  return `BOSS_CONTEXT_${key.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** A ConfigMap/Secret key: letters, digits, '-', '_', '.'. */
function dataKey(key: string): string {
  return key.replace(/[^-._A-Za-z0-9]/g, "_");
}
