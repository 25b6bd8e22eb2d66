// The vote app of the queue-worker stack: puts each vote on the queue for the worker.
import { query, retry } from "./db.js";
import { serve } from "./http.js";
import { ensureSchema } from "./queue.js";

await retry(ensureSchema);
serve("vote", {
  "POST /vote": async ({ choice }) => {
    const [vote] = await query("INSERT INTO votes (choice) VALUES ($1) RETURNING id", [choice]);
    await query("NOTIFY votes");
    return [202, { queued: vote.id }];
  },
  "GET /queue": async () => [200, { waiting: (await query("SELECT count(*)::int AS n FROM votes"))[0].n }],
});
