// The web app of the web-migrate stack: items in PostgreSQL, in the table the migration job made.
import { query } from "./db.js";
import { serve } from "./http.js";

serve("web", {
  "GET /health": async () => [200, { ok: (await query("SELECT 1 AS ok"))[0].ok === 1 }],
  "GET /items": async () => [200, await query("SELECT id, name FROM items ORDER BY id")],
  "POST /items": async ({ name }) => [201, (await query("INSERT INTO items (name) VALUES ($1) RETURNING id, name", [name]))[0]],
  "GET /migrations": async () => [200, (await query("SELECT name FROM migrations ORDER BY name")).map((r) => r.name)],
});
