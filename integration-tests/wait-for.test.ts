import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  docker,
  engineUnavailable,
  makeProject,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** A host port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A shell command that waits a second, then runs `then`, then idles until SIGTERM. */
const later = (then: string) =>
  JSON.stringify(["sh", "-c", `sleep 1; ${then}; trap 'exit 0' TERM; while true; do sleep 0.1; done`]);
/** busybox httpd in the background, serving /www. */
const serve = "mkdir -p /www && echo page > /www/index.html && httpd -p 80 -h /www";

/** An image of busybox with a HEALTHCHECK: healthy once /tmp/healthy exists. */
const healthImage = {
  "img/Dockerfile": `ARG BASE_IMAGE
FROM \${BASE_IMAGE}
HEALTHCHECK --interval=1s --timeout=1s --retries=100 CMD test -e /tmp/healthy
`,
};

function healthService(className: string, name: string, image: string, cmd: string): string {
  return `export class ${className} extends Service {
  name = "${name}"; image = "${image}"; buildFrom = "img"; buildArgs = { BASE_IMAGE: busybox };
  cmd = ${cmd}; ping = waitFor.healthy();
}
`;
}

describe("waitFor strategies against real containers", { skip, timeout: 90_000 }, () => {
  const good = uniqueGroup("waitfor-ok");
  const bad = uniqueGroup("waitfor-late");
  const image = `boss-it-healthy:${good}`;
  let goodDir = "";
  let badDir = "";
  const ports = { tcp: 0, http: 0, badTcp: 0, badHttp: 0 };

  before(async () => {
    for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();
    const preamble = (group: string) =>
      servicesFilePreamble(group).replace("import { Service,", "import { waitFor, Service,") +
      `import { get } from "node:http";
/** The status of GET url, for postStart to check that the ping waited for the real server. */
const status = (url: string) => new Promise<number>((resolve, reject) => get(url, (r) => { r.resume(); resolve(r.statusCode ?? 0); }).on("error", reject));
void status;
`;
    goodDir = await makeProject({
      ...healthImage,
      "boss.ts":
        preamble(good) +
        `export class Tcp extends Service {
  name = "tcp"; image = busybox; ports = { 80: ${ports.tcp} }; cmd = ${later(serve)}; stopSignal = "SIGKILL" as const;
  ping = waitFor.tcp(${ports.tcp});
  async postStart() { record("tcp " + (await status("http://127.0.0.1:${ports.tcp}/"))); }
}
export class Http extends Service {
  name = "http"; image = busybox; ports = { 80: ${ports.http} }; cmd = ${later(serve)}; stopSignal = "SIGKILL" as const;
  ping = waitFor.http({ port: ${ports.http}, path: "/index.html", status: 200 });
}
export class Log extends Service {
  name = "log"; image = busybox; cmd = ${later("echo ready to serve")};
  ping = waitFor.log(/ready to serve/);
  postStart() { record("log"); }
}
export class Both extends Service {
  name = "both"; image = busybox; cmd = ${later("echo listening; " + serve)}; stopSignal = "SIGKILL" as const;
  ping = waitFor.all([waitFor.log("listening"), waitFor.log(/listening/)]);
}
` +
        healthService("Healthy", "healthy", image, later("touch /tmp/healthy")),
    });
    badDir = await makeProject({
      ...healthImage,
      "boss.ts":
        preamble(bad) +
        `export class Tcp extends Service {
  name = "tcp"; image = busybox; ports = { 80: ${ports.badTcp} }; cmd = ${later("true")};
  ping = waitFor.tcp(${ports.badTcp});
}
export class Http extends Service {
  name = "http"; image = busybox; ports = { 80: ${ports.badHttp} }; cmd = ${later(serve)}; stopSignal = "SIGKILL" as const;
  ping = waitFor.http({ port: ${ports.badHttp}, path: "/missing" });
}
export class Log extends Service {
  name = "log"; image = busybox; cmd = ${later("echo still booting")};
  ping = waitFor.log(/ready to serve/);
}
` +
        healthService("Healthy", "healthy", image, later("true")),
    });
  });
  after(async () => {
    await removeGroup(good, goodDir);
    await removeGroup(bad, badDir);
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("each strategy waits for what it names, then the service is ready", async () => {
    const run = await runBoss(goodDir, ["start", "--timeout", "40"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^started: (?=.*tcp)(?=.*http)(?=.*log)(?=.*both)(?=.*healthy)/m);
    const { readFile } = await import("node:fs/promises");
    const hooks = (await readFile(`${goodDir}/hooks.log`, "utf8")).split("\n").filter(Boolean).sort();
    // The TCP ping did not pass on Docker's proxy alone: the server answered right after it.
    assert.deepEqual(hooks, ["log", "tcp 200"]);
  });

  it("each strategy's timeout says what it waited for, for how long, and what it last saw", async () => {
    const run = await runBoss(badDir, ["start", "--timeout", "4"]);
    assert.equal(run.code, 1, run.output);
    const expected = [
      `tcp — not ready after 4 s waiting for TCP 127.0.0.1:${ports.badTcp} to accept connections; the last check: `,
      `http — not ready after 4 s waiting for GET http://127.0.0.1:${ports.badHttp}/missing to answer with a 2xx status; the last check: GET http://127.0.0.1:${ports.badHttp}/missing answered 404`,
      "log — not ready after 4 s waiting for log output matching /ready to serve/; the last check: seen 0 of 1 in 1 line of output",
      `healthy — not ready after 4 s waiting for the image's HEALTHCHECK to report healthy; the last check: health is "starting"`,
    ];
    for (const text of expected) assert.ok(run.output.includes(text), `no "${text}" in:\n${run.output}`);
  });
});
