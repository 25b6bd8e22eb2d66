/** `boss init --from-compose`: a compose file read, checked and converted into the text of a boss.ts. */
import { dirname, relative } from "node:path";
import { convertCompose } from "./convert-compose.js";
import { emitServicesFile } from "./emit-services-file.js";
import { findComposeFile, loadComposeFile } from "./load-compose-file.js";

export interface FromCompose {
  composeFile: string;
  /** The services file's text. */
  content: string;
  /** What was dropped or changed: one line each, for stderr. */
  notes: string[];
}

export function servicesFileFromCompose(options: {
  cwd: string;
  /** The compose file as given; default: compose's default names in `cwd`. */
  given: string | undefined;
  servicesFile: string;
  env: NodeJS.ProcessEnv;
}): FromCompose {
  const composeFile = findComposeFile(options.cwd, options.given);
  const { document, lookup } = loadComposeFile(composeFile, options.env);
  const outputDir = dirname(options.servicesFile);
  const draft = convertCompose(document, composeFile, { lookup, outputDir });
  const shown = relative(outputDir, composeFile) || composeFile;
  return { composeFile, content: emitServicesFile(draft, shown), notes: draft.notes };
}
