/**
 * Docker's credential helpers (`docker-credential-<name>`, from credsStore or
 * credHelpers), asked as the docker CLI asks them: `get` with the registry on
 * stdin, JSON `{ ServerURL, Username, Secret }` on stdout.
 */
import { spawn } from "node:child_process";
import type { RegistryAuth } from "./docker-config.js";

const timeoutMs = 60_000;

/**
 * The helper's credentials for `server`, or undefined when it has none. A helper
 * that is missing or fails throws, naming the helper and the registry (never
 * what it printed on stdout, which may hold a secret).
 */
export async function credentialsFromHelper(helper: string, server: string): Promise<RegistryAuth | undefined> {
  const program = `docker-credential-${helper}`;
  const failed = (why: string) =>
    new Error(`the credential helper ${program} failed for the registry ${server}: ${why}`);
  const { code, stdout, stderr, error } = await run(program, server);
  if (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw failed(missing ? `${program} is not on the PATH (it is named in Docker's config.json)` : error.message);
  }
  // Helpers say so in words when they hold nothing for the registry; docker treats it as "no credentials".
  if (code !== 0 && /credentials not found/i.test(stdout + stderr)) return undefined;
  if (code !== 0) throw failed(`exit code ${code}${stderr.trim() ? `: ${stderr.trim().split("\n")[0]}` : ""}`);
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(stdout) as typeof answer;
  } catch {
    throw failed("its answer is not JSON");
  }
  if (typeof answer.Secret !== "string" || answer.Secret === "") return undefined;
  const username = typeof answer.Username === "string" ? answer.Username : "";
  // "<token>" is how helpers mark an identity token (an OAuth refresh token) rather than a password.
  return username === "<token>"
    ? { serveraddress: server, identitytoken: answer.Secret }
    : { serveraddress: server, username, password: answer.Secret };
}

function run(
  program: string,
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(program, ["get"], { stdio: ["pipe", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error) => resolve({ code: null, stdout, stderr, error }));
    child.on("close", (code, signal) =>
      resolve({ code, stdout, stderr, ...(signal ? { error: new Error(`ended by ${signal}`) } : {}) }),
    );
    child.stdin.on("error", () => undefined); // a helper that exits without reading stdin
    child.stdin.end(input);
  });
}
