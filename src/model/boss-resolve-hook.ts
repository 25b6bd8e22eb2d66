/**
 * A module resolve hook (node:module register) that points the specifiers
 * `boss` and `boss/core` at the running boss, so a services file can import
 * boss without a node_modules of its own (boss installed globally).
 */
interface HookData {
  index: string;
  core: string;
}

type NextResolve = (specifier: string, context: unknown) => Promise<{ url: string }>;

let targets: HookData | undefined;

export function initialize(data: HookData): void {
  targets = data;
}

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve) {
  if (targets && specifier === "boss") return { url: targets.index, shortCircuit: true };
  if (targets && specifier === "boss/core") return { url: targets.core, shortCircuit: true };
  return nextResolve(specifier, context);
}
