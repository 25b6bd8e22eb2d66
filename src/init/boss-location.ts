/**
 * Where the running boss's entry points are, for an editor that must find the types of `import "boss"`:
 * dist/index.js of an installed or built boss (its index.d.ts lies beside it), or src/index.ts when boss runs
 * from its sources. This module is one folder below src/ or dist/, and so is every chunk of the bundled CLI.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BossLocation {
  /** The package's root folder. */
  root: string;
  /** What `boss` resolves to, without its extension. */
  index: string;
  /** What `boss/core` resolves to, without its extension. */
  core: string;
  /** boss's own Node types, when they are installed (a repo checkout has them; a global install does not). */
  nodeTypes?: string;
}

/**
 * The entry points without their extension: TypeScript then finds `index.d.ts` (or `index.ts`) there, and tsx,
 * which reads the same tsconfig when it loads the services file, finds `index.js`: the module boss runs.
 */
export function runningBossLocation(): BossLocation {
  const index = fileURLToPath(new URL("../index", import.meta.url));
  const core = fileURLToPath(new URL("../core/index", import.meta.url));
  const root = dirname(dirname(index));
  const typeRoot = join(root, "node_modules", "@types");
  return { root, index, core, ...(existsSync(join(typeRoot, "node")) ? { nodeTypes: typeRoot } : {}) };
}
