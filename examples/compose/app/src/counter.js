// The app of the healthy-volume stack: counts visits in PostgreSQL, whose data lives in a named volume, and
// starts only once the database's healthcheck passes (compose: service_healthy; boss: waitFor.healthy()).
import { query } from "./db.js";
import { serve } from "./http.js";

const started = new Date().toISOString();
await query("CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY, at timestamptz DEFAULT now())");
serve("counter", {
  "POST /visit": async () => [201, { visits: (await query("INSERT INTO visits DEFAULT VALUES RETURNING id"))[0].id }],
  "GET /visits": async () => [200, { visits: (await query("SELECT count(*)::int AS n FROM visits"))[0].n }],
  "GET /started": async () => [200, { at: started }],
});
