/**
 * Attached processes over the Docker API: a one-off container (create,
 * attach, start — attaching first so no output is lost) and an exec in a
 * running container. The hijacked connection carries stdin one way and the
 * (multiplexed unless TTY) output the other; ending our side of it closes
 * the process's stdin, as `docker run -i` does when its input ends.
 */
import type Docker from "dockerode";
import type { Duplex } from "node:stream";
import type { AttachedProcess, OneOffSpec, ProcessIo, TerminalSize } from "./attached-process.js";
import { FrameDecoder } from "./frame-decoder.js";
import { mountConfig, processConfig } from "./process-config.js";

export async function runOneOffContainer(docker: Docker, spec: OneOffSpec, io: ProcessIo): Promise<AttachedProcess> {
  const { Binds, Volumes } = mountConfig(spec.mounts);
  const container = await docker.createContainer({
    ...processConfig(spec),
    ...(Volumes ? { Volumes } : {}),
    Tty: io.tty,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      Binds,
      NetworkMode: spec.network,
      ...(spec.capAdd.length ? { CapAdd: spec.capAdd } : {}),
      ...(io.tty && io.size ? { ConsoleSize: [io.size.rows, io.size.columns] } : {}),
    },
  });
  const socket = await hijackAttach(docker, container.id);
  const output = forwardOutput(socket, io);
  await container.start();
  const resize = (size: TerminalSize) => container.resize({ h: size.rows, w: size.columns }).then(() => undefined);
  if (io.tty && io.size) await resize(io.size).catch(() => undefined);
  const input = forwardInput(socket, io);
  return {
    id: container.id,
    resize,
    kill: (signal) => container.kill({ signal }).then(() => undefined),
    async wait() {
      await output;
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      return StatusCode;
    },
    detach: () => {
      input.stop();
      socket.destroy();
    },
  };
}

export async function execInContainer(
  docker: Docker,
  id: string,
  command: string[],
  io: ProcessIo,
): Promise<AttachedProcess> {
  const exec = await docker.getContainer(id).exec({
    Cmd: command,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: io.tty,
    ...(io.tty && io.size ? { ConsoleSize: [io.size.rows, io.size.columns] as [number, number] } : {}),
  });
  const socket = await exec.start({ hijack: true, stdin: true, Tty: io.tty });
  const output = forwardOutput(socket, io);
  const resize = (size: TerminalSize) => exec.resize({ h: size.rows, w: size.columns }).then(() => undefined);
  if (io.tty && io.size) await resize(io.size).catch(() => undefined);
  const input = forwardInput(socket, io);
  return {
    id: exec.id,
    resize,
    async wait() {
      await output;
      // The exec may still be marked running for a moment after its output ended.
      for (let attempt = 0; ; attempt++) {
        const info = await exec.inspect();
        if (!info.Running || attempt >= 50) return info.ExitCode ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    detach: () => {
      input.stop();
      socket.destroy();
    },
  };
}

/**
 * POST /containers/{id}/attach upgraded to a raw connection, with an empty
 * body like the docker CLI's: dockerode's attach() sends its options as a body
 * (chunked), and Podman passes those bytes on as the start of stdin.
 */
function hijackAttach(docker: Docker, id: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(id)}/attach?`,
        method: "POST",
        isStream: true,
        hijack: true,
        openStdin: false,
        file: Buffer.alloc(0), // a Buffer body is sent with Content-Length (0), not chunked
        statusCodes: { 101: true, 200: true, 404: "no such container", 500: "server error" },
        options: { _query: { stream: true, stdin: true, stdout: true, stderr: true } },
      },
      (error, socket) => (error ? reject(error) : resolve(socket as Duplex)),
    );
  });
}

/**
 * Output to io.stdout/io.stderr (framed unless TTY, see frame-decoder.ts);
 * resolves when the process closed its side. Written without waiting for the
 * destination to drain: a reader that stopped must not keep `wait()` from
 * returning.
 */
function forwardOutput(socket: Duplex, io: ProcessIo): Promise<void> {
  if (io.tty) socket.pipe(io.stdout, { end: false });
  else {
    const decoder = new FrameDecoder();
    socket.on("data", (data: Buffer) => {
      for (const chunk of decoder.push(data)) (chunk.stream === "stderr" ? io.stderr : io.stdout).write(chunk.data);
    });
  }
  return new Promise((resolve) => {
    socket.once("end", resolve);
    socket.once("close", resolve);
    socket.once("error", () => resolve());
  });
}

/** Input from io.stdin; its end half-closes the connection, which closes the process's stdin. */
function forwardInput(socket: Duplex, io: ProcessIo): { stop(): void } {
  const stdin = io.stdin;
  const onData = (data: Buffer | string) => {
    if (!socket.writable) return;
    if (!socket.write(data)) {
      stdin.pause();
      socket.once("drain", () => stdin.resume());
    }
  };
  const onEnd = () => {
    if (socket.writable) socket.end();
  };
  stdin.on("data", onData);
  stdin.once("end", onEnd);
  stdin.resume();
  return {
    stop() {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.pause();
    },
  };
}
