import { pack } from "tar-fs";
import { buildContextFiles } from "./build-context-files.js";

/**
 * The build context as Docker's CLI sends it: the folder as a tar stream,
 * without what .dockerignore excludes (build-context-files.ts).
 */
export async function packBuildContext(context: string, dockerfile: string): Promise<NodeJS.ReadableStream> {
  const entries = await buildContextFiles(context, dockerfile);
  // tar-fs 3 returns a streamx Readable; docker-modem only needs .pipe(), which it has.
  return pack(context, { entries }) as unknown as NodeJS.ReadableStream;
}
