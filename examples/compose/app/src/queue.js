// The queue of the queue-worker stack, in PostgreSQL: votes wait in a table and a NOTIFY wakes the worker
// (the Docker voting app keeps them in Redis; no Redis image is needed this way).
import { query } from "./db.js";

export async function ensureSchema() {
  // One transaction-level lock: the vote app, the worker and the result app may all start at once.
  await query(`DO $$ BEGIN
    PERFORM pg_advisory_xact_lock(4242);
    CREATE TABLE IF NOT EXISTS votes (id serial PRIMARY KEY, choice text NOT NULL);
    CREATE TABLE IF NOT EXISTS totals (choice text PRIMARY KEY, count integer NOT NULL);
  END $$`);
}
