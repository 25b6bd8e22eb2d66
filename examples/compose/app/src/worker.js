// The worker of the queue-worker stack: takes votes off the queue (SKIP LOCKED, so several workers can share
// it) and counts them. Woken by NOTIFY, and every second in case a notification was missed.
import { pool, query, retry } from "./db.js";
import { ensureSchema } from "./queue.js";

await retry(ensureSchema);
const listener = await pool.connect();
await listener.query("LISTEN votes");
let running = false;

async function drain() {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const taken = await query(`WITH next AS (
          DELETE FROM votes WHERE id = (SELECT id FROM votes ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
          RETURNING choice)
        INSERT INTO totals (choice, count) SELECT choice, 1 FROM next
        ON CONFLICT (choice) DO UPDATE SET count = totals.count + 1 RETURNING choice`);
      if (taken.length === 0) break;
      console.log(`counted a vote for ${taken[0].choice}`);
    }
  } finally {
    running = false;
  }
}

listener.on("notification", () => void drain());
setInterval(() => void drain(), 1000);
process.on("SIGTERM", () => process.exit(0));
console.log("worker waiting for votes");
await drain();
