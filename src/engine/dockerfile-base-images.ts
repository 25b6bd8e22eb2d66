/**
 * The images a Dockerfile builds FROM, with `ARG`s before the first FROM
 * filled in from the build args or their defaults (`FROM ${BASE_IMAGE}`), and
 * without earlier stages (`FROM build AS test`): to know which registries a
 * build needs credentials for. A reference that still holds an unknown `$VAR`
 * is left out; it needs no credentials boss could find.
 */
export function baseImagesOf(dockerfile: string, buildArgs: Record<string, string>): string[] {
  const args: Record<string, string> = {};
  const stages = new Set<string>();
  const images: string[] = [];
  let seenFrom = false;
  for (const line of joinContinuations(dockerfile)) {
    const arg = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/i.exec(line);
    if (arg?.[1] && !seenFrom) {
      const value = buildArgs[arg[1]] ?? unquote(arg[2] ?? "");
      if (value) args[arg[1]] = value;
      continue;
    }
    const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!from?.[1]) continue;
    seenFrom = true;
    const image = substitute(from[1], args);
    if (image && !stages.has(image.toLowerCase()) && image !== "scratch") images.push(image);
    if (from[2]) stages.add(from[2].toLowerCase());
  }
  return images;
}

function joinContinuations(text: string): string[] {
  return text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, "$2");
}

/** `$X`, `${X}`, `${X:-default}`; undefined when a variable has no value. */
function substitute(text: string, args: Record<string, string>): string | undefined {
  let unknown = false;
  const result = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced?: string, fallback?: string, bare?: string) => {
      const value = args[(braced ?? bare) as string] ?? fallback;
      if (value === undefined) unknown = true;
      return value ?? "";
    },
  );
  return unknown ? undefined : result;
}
