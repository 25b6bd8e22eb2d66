/**
 * Where published ports are: this machine, or the engine's host when
 * DOCKER_HOST points at another one over tcp:// or ssh://.
 */
export function engineHost(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.DOCKER_HOST ?? "";
  if (!/^(tcp|ssh|http|https):\/\//.test(host)) return "127.0.0.1";
  try {
    return new URL(host).hostname || "127.0.0.1";
  } catch {
    return "127.0.0.1";
  }
}
