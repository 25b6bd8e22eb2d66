/**
 * `rawCreateOptions`, the escape hatch: Engine API create fields merged last into the body boss made.
 * Objects are merged key by key, arrays and scalars replaced (so `HostConfig.CapAdd` in it is the whole
 * list). What makes the container boss's — its name, its labels, its network — is put back afterwards.
 * Hand-written: the deep-merge packages concatenate arrays by default, which is the wrong rule here.
 */
type Body = Record<string, unknown>;

/** `bossLabels`: the labels that identify the container (group, service, hash), which raw ones cannot replace. */
export function withRawCreateOptions(body: Body, raw: Body | undefined, bossLabels: Record<string, string>): Body {
  if (!raw) return body;
  const merged = deepMerge(body, raw);
  const host = (merged.HostConfig ?? {}) as Body;
  return {
    ...merged,
    name: body.name,
    Labels: { ...(merged.Labels as Body | undefined), ...bossLabels },
    HostConfig: { ...host, NetworkMode: (body.HostConfig as Body).NetworkMode },
    NetworkingConfig: body.NetworkingConfig,
  };
}

export function deepMerge(base: Body, over: Body): Body {
  const result: Body = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = result[key];
    result[key] = isPlainObject(before) && isPlainObject(value) ? deepMerge(before, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
