/**
 * The one skeleton every command runs in: the engine answers → (commands
 * that change the group: start, stop, reload, update, and run while it
 * starts the dependencies) the group's lock → `.boss-context` loaded once →
 * the command, as code of its group → (changing commands) the Context and
 * records saved, whatever happened → the lock released. Read-only commands
 * (status, logs, exec, env, metrics) take no lock and never write.
 */
import { UserError } from "../errors.js";
import { contextFilePath, removeContextFile } from "../model/context-file.js";
import { withGroupState } from "../model/group-state.js";
import { loadGroupRecords, saveGroupRecords, type GroupRecords } from "./context-store.js";
import { lockGroup, lockWaitSeconds } from "./group-lock.js";
import type { Project } from "./project.js";

export interface SessionOptions {
  /** The command, as other waiting bosses name it: "start", "stop"… */
  command: string;
  /** Changes containers, networks, volumes or the context file: takes the lock, saves at the end. */
  mutates: boolean;
  /** Needs the engine (default true): `env` and `graph` do not. */
  engine?: boolean;
  /**
   * Go on when `.boss-context` cannot be read (not JSON): without its values, and without ever writing it —
   * `stop` must still stop a group whose file someone broke.
   */
  tolerateUnreadableContext?: boolean;
  /** Seconds to wait for another boss's lock (default BOSS_LOCK_WAIT, else 300). */
  waitSeconds?: number;
  signal?: AbortSignal;
}

/** The lock-related options of a command's request, for withGroupSession. */
export function sessionOptions(request: {
  waitSeconds?: number;
  signal?: AbortSignal;
}): Pick<SessionOptions, "waitSeconds" | "signal"> {
  return {
    ...(request.waitSeconds !== undefined ? { waitSeconds: request.waitSeconds } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  };
}

/** A command's hold on its group: the records it reads and updates. */
export class GroupSession {
  /** Set when the file could not be read: it is never written over. */
  readOnly = false;

  constructor(
    readonly project: Project,
    readonly records: GroupRecords,
  ) {}

  /** True when `containerId` is the service's container whose readiness and postStart completed. */
  isReady(service: string, containerId: string): boolean {
    return this.records.ready.get(service) === containerId;
  }

  /** Records that the container is ready and its postStart done, and saves at once: a kill right after keeps it. */
  markReady(service: string, containerId: string): Promise<void> {
    this.records.ready.set(service, containerId);
    return this.save();
  }

  /** The service has no ready container any more (it failed, was stopped for a replacement, or removed). */
  forget(service: string): void {
    this.records.ready.delete(service);
  }

  /** Marks the service as being stopped (saved at once), or (`false`) as stopped or started again. */
  markStopping(service: string, stopping: boolean): Promise<void> {
    if (stopping === this.records.stopping.has(service)) return Promise.resolve();
    if (stopping) this.records.stopping.add(service);
    else this.records.stopping.delete(service);
    return this.save();
  }

  /**
   * Records (saved at once) that `dependents` must be restarted once they are started next, because of `reason`,
   * or (`reason` undefined) that they have been.
   */
  markFollowing(dependents: readonly string[], reason: string | undefined): Promise<void> {
    const change = dependents.filter((d) => this.records.following.get(d) !== reason);
    if (change.length === 0) return Promise.resolve();
    for (const d of change) {
      if (reason === undefined) this.records.following.delete(d);
      else this.records.following.set(d, reason);
    }
    return this.save();
  }

  /** The image of a build's latest step (undefined: the build ended), saved at once so a kill leaves it known. */
  recordBuildStep(service: string, imageId: string | undefined): Promise<void> {
    if (imageId) this.records.building.set(service, imageId);
    else if (!this.records.building.delete(service)) return Promise.resolve();
    return this.save();
  }

  save(): Promise<void> {
    return this.readOnly ? Promise.resolve() : saveGroupRecords(this.project, this.records);
  }

  /** `stop --remove`: the context file goes, and nothing writes it again in this command. */
  async discard(): Promise<void> {
    this.readOnly = true;
    await removeContextFile(contextFilePath(this.project.file.dir));
  }
}

async function openSession(project: Project, options: SessionOptions): Promise<GroupSession> {
  try {
    return new GroupSession(project, await loadGroupRecords(project));
  } catch (error) {
    if (!options.tolerateUnreadableContext || !(error instanceof UserError)) throw error;
    project.emit({ type: "notice", message: `${error.message}; going on without its values (left as it is)` });
    const session = new GroupSession(project, {
      ready: new Map(),
      building: new Map(),
      stopping: new Set(),
      following: new Map(),
    });
    session.readOnly = true;
    return session;
  }
}

/**
 * A read-only command: the engine checked (unless `engine` is false), the
 * Context loaded, no lock, nothing written. An unreadable `.boss-context`
 * is said and passed over, unless the command is about the Context itself.
 */
export function readGroup<T>(
  project: Project,
  command: string,
  run: (session: GroupSession) => Promise<T>,
  options: { engine?: boolean; needsContext?: boolean } = {},
): Promise<T> {
  return withGroupSession(
    project,
    {
      command,
      mutates: false,
      tolerateUnreadableContext: !options.needsContext,
      ...(options.engine === false ? { engine: false } : {}),
    },
    run,
  );
}

export async function withGroupSession<T>(
  project: Project,
  options: SessionOptions,
  run: (session: GroupSession) => Promise<T>,
): Promise<T> {
  const { client, file, emit } = project;
  if (options.engine !== false) await client.checkAvailable();
  const lock = options.mutates
    ? await lockGroup({
        group: file.group,
        address: client.address,
        command: options.command,
        waitSeconds: lockWaitSeconds(options.waitSeconds),
        ...(options.signal ? { signal: options.signal } : {}),
        onWait: (holder) => emit({ type: "notice", message: `waiting for ${holder} on group ${file.group}…` }),
        onUnavailable: (why) => emit({ type: "notice", message: why }),
      })
    : undefined;
  try {
    const session = await openSession(project, options);
    try {
      // Hooks and pings that use Context (or register hooks) find this group's state.
      return await withGroupState(project.state, () => run(session));
    } finally {
      if (options.mutates) await session.save();
    }
  } finally {
    await lock?.release();
  }
}
