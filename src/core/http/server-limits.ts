// The limits of the core's HTTP server. It is an exposed server inside a
// container: every connection costs a file descriptor and some memory, and a
// client that connects and then says nothing (or half a request) must not
// keep them for long. The core's callers are boss and operators, sending a
// few requests at a time, so these are generous for them and small for a flood.
export const SERVER_LIMITS = {
  /** Connections at once; beyond this new ones are closed at once. Far below the usual 20,000+ fd limit. */
  maxConnections: 1024,
  /** Time to receive a request's headers (Node's default is 60 s). Also ends connections that never send. */
  headersTimeoutMs: 10_000,
  /** Time to receive a whole request, body included (Node's default is 300 s); not the time to answer it. */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** How often the two timeouts above are checked (Node's default, 30 s, would let them overrun by as much). */
  connectionsCheckingIntervalMs: 1_000,
} as const;
