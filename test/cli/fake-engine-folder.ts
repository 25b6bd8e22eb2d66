import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { bossInProcess, type CliRun, type CliRunOptions } from "../helpers/run-cli.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

/**
 * The group the command tests drive: db ← web (web publishes 80 on 8080 and
 * keeps its uploads in a named volume), and docs on its own. Pings answer at
 * once; db's postStart leaves a value in the Context that web's env uses.
 */
export const shopServices = `
import { Context, Service, group } from "boss";
group("shop");
export class Db extends Service {
  name = "db";
  image = "busybox";
  env = { ROLE: "primary" };
  postStart() { Context.set("db_name", "shop"); }
}
export class Web extends Service {
  name = "web";
  image = "busybox";
  dependencies = [Db];
  ports = { 80: 8080 };
  volumes = ["uploads:/srv/uploads"];
  env = { DB_URL: "postgres://db/{db_name}" };
  ping() { return true; }
}
export class Docs extends Service { name = "docs"; image = "busybox"; }
`;

/** A temp folder holding a services file, and a fake engine that `boss(…)` runs the commands against. */
export class FakeEngineFolder<Client extends FakeContainerClient = FakeContainerClient> {
  readonly folder: TempDir;
  /** How many times a command asked for the engine. */
  engineRequests = 0;

  constructor(
    source = shopServices,
    readonly client: Client = new FakeContainerClient() as Client,
  ) {
    this.folder = makeTempDir("boss-cli-");
    this.folder.write("boss.ts", source);
  }

  /** `boss ARGV` in the folder, in-process, against the fake engine. */
  boss(argv: string[], options: Omit<CliRunOptions, "cwd" | "engine"> = {}): Promise<CliRun> {
    return bossInProcess(argv, {
      ...options,
      cwd: this.folder.path,
      engine: () => {
        this.engineRequests++;
        return this.client;
      },
    });
  }

  remove(): void {
    this.folder.remove();
  }
}

/** The JSON values of JSON Lines output, one per line. */
export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
