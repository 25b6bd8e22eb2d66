/**
 * Every error boss means to show a user is a BossError with its own exit code.
 * The brand is a global symbol, so `isBossError()` also recognises errors made
 * by another copy of this module (a services file that resolved its own boss).
 */
const brand = Symbol.for("boss.error");

/** Exit codes, one table for every command (README: "Exit codes"). */
export const ExitCode = {
  ok: 0,
  serviceFailed: 1,
  userError: 2,
  dockerUnavailable: 3,
  /** Another boss held the group's lock for longer than this one would wait. */
  groupBusy: 4,
  interrupted: 130,
  terminated: 143,
} as const;

export abstract class BossError extends Error {
  readonly [brand] = true;
  abstract readonly exitCode: number;
}

export function isBossError(error: unknown): error is BossError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[brand] === true;
}

/** Where a user mistake lives: the file, the service (class or name) and the field. */
export interface UserErrorSource {
  file?: string;
  service?: string;
  field?: string;
}

/** A mistake the user can fix in their services file or command line (exit 2). */
export class UserError extends BossError {
  override readonly name = "UserError";
  readonly exitCode = ExitCode.userError;
  readonly source: UserErrorSource;

  constructor(message: string, source: UserErrorSource = {}, options?: ErrorOptions) {
    super(formatWithSource(message, source), options);
    this.source = source;
  }
}

/** No Docker engine answered (exit 3); the message says what was tried. */
export class DockerUnavailableError extends BossError {
  override readonly name = "DockerUnavailableError";
  readonly exitCode = ExitCode.dockerUnavailable;
}

/** A service (or a collection hook) failed; the command went on and reports it (exit 1). */
export class ServiceFailedError extends BossError {
  override readonly name = "ServiceFailedError";
  readonly exitCode = ExitCode.serviceFailed;
}

/**
 * The engine answered with an error of its own (a 4xx/5xx that boss did not
 * expect): the command reports it and exits 1. `statusCode` is the engine's.
 */
export class EngineError extends BossError {
  override readonly name = "EngineError";
  readonly exitCode = ExitCode.serviceFailed;

  constructor(
    message: string,
    readonly statusCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Another boss kept the group's lock past this one's wait (exit 4). */
export class GroupBusyError extends BossError {
  override readonly name = "GroupBusyError";
  readonly exitCode = ExitCode.groupBusy;
}

/** The user pressed Ctrl-C (exit 130). */
export class InterruptedError extends BossError {
  override readonly name = "InterruptedError";
  readonly exitCode: number;

  /** `signal`: what interrupted it (an AbortSignal's reason): SIGTERM exits 143, anything else 130. */
  constructor(message: string, signal?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = interruptedExitCode(signal);
  }
}

/** 130 after SIGINT (Ctrl-C), 143 after SIGTERM: 128 + the signal's number, as shells report it. */
export function interruptedExitCode(signal?: unknown): number {
  return signal === "SIGTERM" ? ExitCode.terminated : ExitCode.interrupted;
}

function formatWithSource(message: string, { file, service, field }: UserErrorSource): string {
  const where = [file, service, field].filter(Boolean).join(": ");
  return where ? `${where}: ${message}` : message;
}

/** The message of anything thrown, for output lines. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
