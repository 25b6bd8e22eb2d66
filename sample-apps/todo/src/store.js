// The todos of one owner, in PostgreSQL through node-postgres (pg).
import pg from "pg";

/**
 * @typedef {{ id: number, title: string, done: boolean, createdAt: string }} Todo
 */

/** @param {Record<string, unknown>} row @returns {Todo} */
function toTodo(row) {
  return {
    id: Number(row.id),
    title: String(row.title),
    done: row.done === true,
    createdAt: new Date(/** @type {string} */ (row.created_at)).toISOString(),
  };
}

export class TodoStore {
  /** @param {string} databaseUrl @param {number} ownerId */
  constructor(databaseUrl, ownerId) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    // An idle connection that breaks (the database restarted) must not crash the app.
    this.pool.on("error", (error) => console.error(`todo: database connection lost: ${error.message}`));
    this.ownerId = ownerId;
  }

  /**
   * Creates the tables when they are missing. `owners` may already exist: the
   * services file's postStart makes it (and the owner) before the app starts.
   */
  async migrate() {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS owners (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE
    )`);
    await this.pool.query(`CREATE TABLE IF NOT EXISTS todos (
      id serial PRIMARY KEY,
      owner_id integer NOT NULL REFERENCES owners (id),
      title text NOT NULL,
      done boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    const owner = await this.pool.query("SELECT name FROM owners WHERE id = $1", [this.ownerId]);
    if (owner.rowCount === 0) throw new Error(`no owner with id ${this.ownerId} in the owners table`);
    return /** @type {string} */ (owner.rows[0].name);
  }

  /** @returns {Promise<Todo[]>} */
  async list() {
    const result = await this.pool.query(
      "SELECT id, title, done, created_at FROM todos WHERE owner_id = $1 ORDER BY id",
      [this.ownerId],
    );
    return result.rows.map(toTodo);
  }

  /** @param {string} title @returns {Promise<Todo>} */
  async create(title) {
    const result = await this.pool.query(
      "INSERT INTO todos (owner_id, title) VALUES ($1, $2) RETURNING id, title, done, created_at",
      [this.ownerId, title],
    );
    return toTodo(result.rows[0]);
  }

  /** @param {number} id @returns {Promise<Todo | undefined>} */
  async complete(id) {
    const result = await this.pool.query(
      "UPDATE todos SET done = true WHERE id = $1 AND owner_id = $2 RETURNING id, title, done, created_at",
      [id, this.ownerId],
    );
    return result.rows[0] ? toTodo(result.rows[0]) : undefined;
  }

  /** True when the database answers a query. */
  async healthy() {
    try {
      await this.pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  close() {
    return this.pool.end();
  }
}
