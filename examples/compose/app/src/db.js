// The database every sample service uses, from DATABASE_URL.
import pg from "pg";

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });

export async function query(text, values = []) {
  return (await pool.query(text, values)).rows;
}

/** Runs `step` until it succeeds: the database may still be starting when a service does. */
export async function retry(step, { tries = 60, delayMs = 1000 } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= tries) throw error;
      console.log(`waiting for the database: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
