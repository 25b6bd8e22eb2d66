import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { servicesFileFromCompose } from "../../src/init/compose/from-compose.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const tmp = makeTempDir();
after(tmp.remove);
let n = 0;

/** Converts `yaml` written as docker-compose.yml in a fresh folder; the services file goes beside it unless `out`. */
function convert(yaml: string, options: { env?: NodeJS.ProcessEnv; dotenv?: string; out?: string } = {}) {
  const dir = join(tmp.path, `case-${(n += 1)}`);
  tmp.write(`case-${n}/docker-compose.yml`, yaml);
  if (options.dotenv) tmp.write(`case-${n}/.env`, options.dotenv);
  return servicesFileFromCompose({
    cwd: dir,
    given: undefined,
    servicesFile: join(dir, options.out ?? "boss.ts"),
    env: options.env ?? {},
  });
}

describe("boss init --from-compose: the conversion", () => {
  it("makes each service an exported class with boss's field names, and the group from name:", () => {
    const { content } = convert(`
name: My Shop
services:
  web_app:
    image: shop/web:1
    command: ["node", "server.js"]
    entrypoint: /entry.sh
    environment: { PORT: 8080, MODE: prod }
    env_file: [.env.web]
    ports: ["8080:8080", { target: 9090, published: 9091, host_ip: 127.0.0.1, protocol: udp }]
    volumes: ["./static:/srv/static:ro", "data:/data", { type: volume, source: cache, target: /cache, read_only: true }]
    user: "1000:1000"
    working_dir: /app
    restart: on-failure:3
    mem_limit: 256m
    cpus: 1.5
    hostname: shop
    extra_hosts: ["host.docker.internal:host-gateway"]
    tmpfs: /run
    init: true
    shm_size: 64m
    ulimits: { nofile: { soft: 1024, hard: 4096 }, nproc: 512 }
    platform: linux/amd64
    labels: ["team=shop"]
    sysctls: { net.core.somaxconn: 1024 }
    devices: ["/dev/fuse"]
    security_opt: ["no-new-privileges:true"]
    read_only: true
    stop_signal: SIGINT
    stop_grace_period: 30s
    profiles: [web]
    pull_policy: if_not_present
    cap_add: [NET_ADMIN]
    networks: { default: { aliases: [shop-web] } }
    healthcheck: { test: ["CMD", "true"], interval: 10s, timeout: 2s, retries: 3, start_period: 5s }
`);
    assert.match(content, /^group\("my-shop"\);$/m);
    assert.match(content, /^export class WebApp extends Service \{$/m);
    for (const line of [
      'name = "web-app";',
      'image = "shop/web:1";',
      'cmd = ["node", "server.js"];',
      'entrypoint = "/entry.sh";',
      'env = { PORT: "8080", MODE: "prod" };',
      'envFile = ["./.env.web"];'.replace("./", ""),
      'ports = ["8080:8080", "127.0.0.1:9091:9090/udp"];',
      'user = "1000:1000";',
      'workingDir = "/app";',
      'restart = "on-failure:3" as const;',
      'memory = "256m";',
      "cpus = 1.5;",
      'hostname = "shop";',
      'extraHosts = { "host.docker.internal": "host-gateway" };',
      'tmpfs = ["/run"];',
      "init = true;",
      'shmSize = "64m";',
      "ulimits = { nofile: { soft: 1024, hard: 4096 }, nproc: 512 };",
      'platform = "linux/amd64";',
      'labels = { team: "shop" };',
      'sysctls = { "net.core.somaxconn": "1024" };',
      'devices = ["/dev/fuse"];',
      'securityOpt = ["no-new-privileges:true"];',
      "readOnly = true;",
      'stopSignal = "SIGINT" as const;',
      'stopGracePeriod = "30s";',
      'profiles = ["web"];',
      'pullPolicy = "missing" as const;',
      'capAdd = ["NET_ADMIN"];',
      'aliases = ["shop-web"];',
      'healthcheck = { test: ["CMD", "true"], interval: "10s", timeout: "2s", retries: 3, startPeriod: "5s" };',
    ]) {
      assert.ok(content.includes(`  ${line}\n`), `${line}\n---\n${content}`);
    }
    assert.match(
      content,
      /volumes = \[\s*"\.\/static:\/srv\/static:ro",\s*"data:\/data",\s*\{ type: "volume" as const, target: "\/cache", source: "cache", readOnly: true \},?\s*\];/,
    );
  });

  it("turns depends_on conditions into dependencies, a healthy ping and a job", () => {
    const { content } = convert(`
services:
  web:
    image: web
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
      cache: { condition: service_started }
  worker: { image: worker, depends_on: [db] }
  db: { image: postgres, healthcheck: { test: "pg_isready" } }
  migrate: { image: migrate }
  cache: { image: cache }
`);
    assert.match(content, /class Web extends Service \{[^}]*dependencies = \["db", "migrate", "cache"\];/);
    assert.match(content, /class Worker extends Service \{[^}]*dependencies = \["db"\];/);
    assert.match(
      content,
      /class Db extends Service \{[^}]*healthcheck = \{ test: "pg_isready" \};\n {2}ping = waitFor\.healthy\(\);\n\}/,
    );
    assert.match(content, /class Migrate extends Service \{[^}]*job = true;\n\}/);
    assert.doesNotMatch(content, /class Cache extends Service \{[^}]*(ping|job)/);
    assert.match(content, /^import \{ group, Service, waitFor \} from "boss";$/m);
  });

  it("keeps what has no equivalent as // compose: comments beside the class, and lists each in the notes", () => {
    const { content, notes } = convert(`
services:
  web:
    image: web
    container_name: my-web
    deploy: { replicas: 2, resources: { limits: { memory: 1g, cpus: "0.5" } } }
    networks: [front]
    x-team: shop
    secrets: [token]
networks: { front: {} }
secrets: { token: { file: ./token.txt } }
volumes: { plain: {}, external_one: { external: true } }
x-defaults: { a: 1 }
`);
    for (const kept of [
      '// compose: container_name: "my-web" (boss names containers <group>-<service>-<n>)',
      "// compose: deploy.replicas: 2",
      "// compose: networks.front: null (boss puts every service on the group's one network)",
      '// compose: x-team: "shop"',
      '// compose: secrets: ["token"]',
      '// compose: networks: {"front":{}}',
      '// compose: secrets: {"token":{"file":"./token.txt"}}',
      '// compose: volumes.external_one: {"external":true}',
      '// compose: x-defaults: {"a":1}',
    ]) {
      assert.ok(content.includes(kept + "\n"), `${kept}\n---\n${content}`);
    }
    assert.match(content, /memory = "1g";\n {2}cpus = 0\.5;/);
    assert.doesNotMatch(content, /volumes\.plain/);
    assert.deepEqual(
      notes.filter((note) => note.startsWith("services.web.")).map((note) => note.split(":")[0]),
      [
        "services.web.container_name",
        "services.web.deploy.replicas",
        "services.web.networks.front",
        "services.web.x-team",
        "services.web.secrets",
      ],
    );
    assert.ok(notes.some((note) => note.startsWith("x-defaults:")));
  });

  it("turns develop.watch into watch rules for boss watch, keeping what boss has no equivalent for", () => {
    const { content, notes } = convert(`
services:
  web:
    image: web
    build: ./web
    develop:
      watch:
        - { path: ./web/src, action: sync, target: /app/src, ignore: [node_modules/] }
        - { path: ./web/package.json, action: rebuild }
        - { path: ./web/bin, action: sync+exec, target: /app/bin, exec: { command: reload } }
`);
    assert.match(
      content,
      /watch = \[\s*\{ path: "\.\/web\/src", action: "sync" as const, target: "\/app\/src", ignore: \["node_modules\/"\] \},\s*\{ path: "\.\/web\/package.json", action: "rebuild" as const \},?\s*\];/,
    );
    assert.ok(
      notes.some((note) => note.startsWith("services.web.develop.watch[2]")),
      notes.join("\n"),
    );
  });

  it("substitutes variables from the environment over the .env beside the file", () => {
    const { content } = convert(
      `
services:
  web:
    image: \${WEB_IMAGE:-nginx:1}
    environment: [ "GREETING=\${GREETING}", FROM_ENV, NOT_SET ]
  db:
    image: \${DB_IMAGE}
`,
      { env: { GREETING: "hi from the shell", FROM_ENV: "yes" }, dotenv: "GREETING=from dotenv\nDB_IMAGE=pg:15\n" },
    );
    assert.match(content, /image = "nginx:1";/);
    assert.match(content, /image = "pg:15";/);
    assert.match(content, /env = \{ GREETING: "hi from the shell", FROM_ENV: "yes" \};/);
    assert.match(content, /\/\/ compose: environment\.NOT_SET: null \(not set in the environment when converted\)/);
  });

  it("doubles literal braces in env, cmd and entrypoint, which boss reads as Context placeholders", () => {
    const { content } = convert(
      `services: { web: { image: w, command: "echo {x}", environment: { JSON: '{"a":1}' } } }`,
    );
    assert.match(content, /cmd = "echo \{\{x\}\}";/);
    assert.match(content, /JSON: "\{\{\\"a\\":1\}\}"/);
  });

  it("names a built image after the group and service, and rebases paths for a services file elsewhere", () => {
    const { content } = convert(
      `
services:
  api:
    build: { context: ./api, dockerfile: Dockerfile.dev, args: { NODE: "20" }, target: dev }
    volumes: ["./src:/app/src"]
    env_file: .env.api
`,
      { out: "out/boss.ts" },
    );
    assert.match(content, /image = "case-\d+-api";/);
    assert.match(content, /buildFrom = "\.\.\/api";/);
    assert.match(content, /dockerfile = "Dockerfile\.dev";/);
    assert.match(content, /buildArgs = \{ NODE: "20" \};/);
    assert.match(content, /buildTarget = "dev";/);
    assert.match(content, /volumes = \["\.\.\/src:\/app\/src"\];/);
    assert.match(content, /envFile = "\.\.\/\.env\.api";/);
  });

  it("makes compose names DNS labels and class names identifiers", () => {
    const { content, notes } = convert(`services: { my_db.1: { image: a }, 2fa: { image: b }, service: { image: c } }`);
    assert.match(content, /class MyDb1 extends Service \{\n {2}name = "my-db-1";/);
    assert.match(content, /class S2fa extends Service/);
    assert.match(content, /class ServiceService extends Service/);
    assert.ok(notes.includes('services.my_db.1: named "my-db-1" (boss\'s names are DNS labels)'));
  });

  it("breaks a long value over lines as prettier would", () => {
    const long = Array.from({ length: 8 }, (_, i) => `VARIABLE_NUMBER_${i}: value-${i}`).join(", ");
    const { content } = convert(`services: { web: { image: w, environment: { ${long} } } }`);
    assert.match(
      content,
      /env = \{\n {4}VARIABLE_NUMBER_0: "value-0",\n[\s\S]* {4}VARIABLE_NUMBER_7: "value-7",\n {2}\};/,
    );
    assert.ok(content.split("\n").every((line) => line.length <= 120));
  });
});

describe("boss init --from-compose: bad input", () => {
  it("names the file and the path of a value compose's schema rejects", () => {
    assert.throws(
      () => convert(`services: { web: { image: w, ports: [{ bad: 1 }] } }`),
      (error: Error) =>
        error.name === "UserError" &&
        /docker-compose\.yml: not a valid compose file: services\.web\.ports\[0\]: unknown key "bad"/.test(
          error.message,
        ),
    );
    assert.throws(
      () => convert(`services: { web: { image: w, environmen: {} } }`),
      /services\.web: unknown key "environmen"/,
    );
    assert.throws(
      () => convert(`services: { web: { image: w, restart: 3 } }`),
      /services\.web\.restart: must be string/,
    );
  });

  it("names the file and line of a YAML syntax error", () => {
    assert.throws(() => convert(`services:\n  web: [unclosed\n`), /docker-compose\.yml: line \d+, column \d+: /);
  });

  it("names the file and place of a required variable that is missing", () => {
    assert.throws(
      () => convert(`services: { web: { image: "\${IMAGE:?say which image}" } }`),
      /docker-compose\.yml: services\.web\.image: required variable IMAGE is missing a value: say which image/,
    );
  });

  it("says which names it looked for when there is no compose file", () => {
    assert.throws(
      () =>
        servicesFileFromCompose({ cwd: tmp.path, given: undefined, servicesFile: join(tmp.path, "boss.ts"), env: {} }),
      /no compose file here: looked for compose\.yaml, compose\.yml, docker-compose\.yaml, docker-compose\.yml/,
    );
  });
});

describe("boss init --from-compose: shared images", () => {
  it("gives a service that runs the image another builds the same build, as compose builds before starting", () => {
    const { content } = convert(`
services:
  api: { image: app:1, build: { context: ./app, args: { A: "1" } }, command: api }
  worker: { image: app:1, command: worker }
  other: { image: other:1 }
`);
    assert.match(
      content,
      /class Worker extends Service \{\n {2}name = "worker";\n {2}image = "app:1";\n {2}cmd = "worker";\n {2}buildFrom = "\.\/app";\n {2}buildArgs = \{ A: "1" \};/,
    );
    assert.doesNotMatch(content, /class Other extends Service \{[^}]*buildFrom/);
  });
});
