import type Docker from "dockerode";
import { posix } from "node:path";
import type { CopySpec } from "./container-client.js";
import { FrameDecoder } from "./frame-decoder.js";

/**
 * Copies files into a container as `docker cp` does: one tar archive the
 * engine unpacks. The archive is unpacked at / with each entry named by its
 * full path in the container, so the engine makes missing folders on the way
 * (it unpacks only into a folder that exists). No shell needed in the container.
 */
export async function copyIntoContainer(docker: Docker, id: string, spec: CopySpec): Promise<void> {
  // tar-fs is for builds and copies only: loaded here, not in every command's start-up.
  const { pack } = await import("tar-fs");
  const under = spec.targetDir.replace(/^\/+/, "");
  const archive = pack(spec.sourceDir, {
    entries: spec.entries,
    map: (header) => ({ ...header, name: posix.join(under, header.name) }),
  });
  // tar-fs 3 returns a streamx Readable; docker-modem only needs .pipe(), which it has.
  await docker.getContainer(id).putArchive(archive as unknown as NodeJS.ReadableStream, { path: "/" });
}

/** Runs `command` in a running container to its end, without a terminal; its exit code and combined output. */
export async function runToEnd(
  docker: Docker,
  id: string,
  command: string[],
): Promise<{ exitCode: number; output: string }> {
  const exec = await docker.getContainer(id).exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const decoder = new FrameDecoder();
  const output: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (data: Buffer) => output.push(...decoder.push(data).map((chunk) => chunk.data)));
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  // The exec may still be marked running for a moment after its output ended.
  for (let attempt = 0; ; attempt++) {
    const info = await exec.inspect();
    if (!info.Running || attempt >= 50) {
      return { exitCode: info.ExitCode ?? 0, output: Buffer.concat(output).toString("utf8") };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
