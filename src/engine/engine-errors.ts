/**
 * What an engine call's failure means for the command. The engine going away
 * (socket gone, connection refused or reset, no answer in time) ends the whole
 * command with exit 3 and one line naming the engine; an error the engine
 * answered with is that call's failure (exit 1 after the summary); anything
 * boss already typed passes through.
 */
import { DockerUnavailableError, EngineError, isBossError, messageOf } from "../errors.js";

/** Socket-level failures: the engine is not there (any more). */
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOENT",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTCONN",
]);

interface RawEngineError {
  statusCode?: unknown;
  code?: unknown;
  json?: { message?: unknown } | null;
  reason?: unknown;
}

/** The engine's HTTP status in a dockerode error, if it answered at all. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as RawEngineError | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

export function isConnectionFailure(error: unknown): boolean {
  const raw = error as RawEngineError | undefined;
  if (typeof raw?.code === "string" && connectionCodes.has(raw.code)) return true;
  return /socket hang up|connect ENOENT|ECONNREFUSED|ECONNRESET/i.test(messageOf(error));
}

/**
 * Turns a failed call of `what` ("create the container web-1") into the
 * error the command reports. `timedOut` says the call was cut off by boss's
 * own engine timeout rather than by the engine.
 */
export function engineFailure(error: unknown, what: string, endpoint: string, timedOut: string | undefined): unknown {
  if (isBossError(error)) return error;
  const status = statusOf(error);
  if (status !== undefined) {
    const raw = error as RawEngineError;
    const said = typeof raw.json?.message === "string" ? raw.json.message : messageOf(error);
    return new EngineError(`the Docker engine could not ${what}: ${said.trim()} (HTTP ${status})`, status, {
      cause: error,
    });
  }
  if (timedOut) {
    return new DockerUnavailableError(
      `the Docker engine (${endpoint}) did not answer within ${timedOut} while trying to ${what}; ` +
        "is it overloaded or hung? (BOSS_ENGINE_TIMEOUT sets the limit in seconds)",
      { cause: error },
    );
  }
  if (isConnectionFailure(error)) {
    return new DockerUnavailableError(
      `lost the Docker engine (${endpoint}) while trying to ${what}: ${messageOf(error)}. ` +
        "Is it still running? Start it again, then run the command again: boss takes over from where it stopped.",
      { cause: error },
    );
  }
  return error;
}
