// The migration job of the web-migrate stack: creates the schema, then exits 0 (compose:
// service_completed_successfully; boss: a job). Run again, it changes nothing.
import { pool, query, retry } from "./db.js";

await retry(() => query("SELECT 1"));
await query("CREATE TABLE IF NOT EXISTS items (id serial PRIMARY KEY, name text NOT NULL)");
await query("CREATE TABLE IF NOT EXISTS migrations (name text PRIMARY KEY, at timestamptz DEFAULT now())");
await query("INSERT INTO migrations (name) VALUES ('001-items') ON CONFLICT DO NOTHING");
console.log("migrated: 001-items");
await pool.end();
