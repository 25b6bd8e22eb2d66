// Errors that carry their HTTP status, so the HTTP layer maps them without
// knowing where they came from. Anything else thrown inside a request is a 500.

/** The caller sent something wrong: 400. */
export class BadRequestError extends Error {
  override readonly name = "BadRequestError";
  readonly status = 400;
}

/** The request is valid but the adapter does not support it: 409. */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
  readonly status = 409;
}

/** The core is shutting down and starts nothing more: 503. */
export class ShuttingDownError extends Error {
  override readonly name = "ShuttingDownError";
  readonly status = 503;
}

/** The HTTP status for an error thrown while handling a request. */
export function statusOf(error: unknown): number {
  if (error instanceof BadRequestError || error instanceof ConflictError || error instanceof ShuttingDownError)
    return error.status;
  return 500;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
