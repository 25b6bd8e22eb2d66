// The result app of the queue-worker stack: the totals the worker counted.
import { query, retry } from "./db.js";
import { serve } from "./http.js";
import { ensureSchema } from "./queue.js";

await retry(ensureSchema);
serve("result", {
  "GET /results": async () => [200, Object.fromEntries((await query("SELECT choice, count FROM totals")).map((r) => [r.choice, r.count]))],
});
