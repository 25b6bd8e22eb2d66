/**
 * The README's demo: PostgreSQL and a todo web app that depends on it.
 *
 *   boss start          # database, then (once it answers and has an owner) the app -> http://127.0.0.1:8080/
 *   boss reload todo    # after editing ../../sample-apps/todo: rebuild the image, start a new container
 *   boss stop --remove  # stop and remove containers, network and .boss-context
 *
 * The group is this folder's name (readme-demo). Images and host ports come
 * from the environment, so the same file runs on Docker Hub's images and on a
 * machine without a registry (scripts/demo.sh sets them there):
 *
 *   POSTGRES_IMAGE  default postgres:16             (boss-postgres:15 without a registry)
 *   NODE_IMAGE      default node:20-bookworm-slim   (boss-node:20), the todo image's BASE_IMAGE
 *   TODO_IMAGE      default todo:0.1.0              the tag the todo app is built as
 *   DB_PORT         default 5433, TODO_PORT default 8080
 */
import { Context, Service, onStartServices, waitFor } from "boss";

const dbPort = Number(process.env.DB_PORT ?? 5433);
const todoPort = Number(process.env.TODO_PORT ?? 8080);
const credentials = { user: "dbuser", password: "dbpwd", database: "appdb" };

export class Database extends Service {
  name = "appdb";
  image = process.env.POSTGRES_IMAGE ?? "postgres:16";
  env = { POSTGRES_USER: credentials.user, POSTGRES_PASSWORD: credentials.password, POSTGRES_DB: credentials.database };
  ports = { 5432: dbPort };
  // No stopSignal: the postgres images declare STOPSIGNAL SIGINT (a fast shutdown), and boss uses it.

  // A real query, not waitFor.tcp: postgres accepts connections while it is
  // still starting up and refuses them with "the database system is starting up".
  async ping() {
    try {
      await query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  // Runs once, when the database's container is new: the owner of the todos.
  async postStart() {
    await query("CREATE TABLE IF NOT EXISTS owners (id serial PRIMARY KEY, name text NOT NULL UNIQUE)");
    const rows = await query<{ id: number }>(
      "INSERT INTO owners (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
      ["demo"],
    );
    const owner = rows[0];
    if (!owner) throw new Error("creating the owner returned no row");
    Context.set("owner_id", owner.id);
  }
}

export class Todo extends Service {
  name = "todo";
  image = process.env.TODO_IMAGE ?? "todo:0.1.0";
  buildFrom = "../../sample-apps/todo"; // makes `boss reload todo` possible
  buildArgs = { BASE_IMAGE: process.env.NODE_IMAGE ?? "node:20-bookworm-slim" };
  dependencies = [Database];
  env = {
    // On the group's network the database is reached by its service name.
    DATABASE_URL: `postgresql://${credentials.user}:${credentials.password}@appdb:5432/${credentials.database}`,
    OWNER_ID: "{owner_id}",
  };
  ports = { 8080: todoPort };
  ping = waitFor.http({ port: todoPort, path: "/health" }); // 200 once the app reaches its database
}

onStartServices((names) => {
  if (names.includes("todo")) console.log(`todo app: http://127.0.0.1:${todoPort}/`);
});

/**
 * One query on a fresh connection to the published port. `pg` is loaded here, when a hook first queries, not
 * at the top: every boss command loads this file, and most (status, logs, a start that keeps the database)
 * never query.
 */
async function query<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
  const { Client } = (await import("pg")).default;
  const client = new Client({ host: "127.0.0.1", port: dbPort, ...credentials, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}
