/**
 * What the server sends the page (group-snapshot.ts, group-feed.ts,
 * service-actions.ts, log-lines.ts), as the page reads it. No imports: the
 * page is bundled for the browser. test/ui checks the server's types fit.
 */
export interface WirePort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface WireService {
  name: string;
  state: string;
  exitCode: number | null;
  ready: boolean | null;
  containerId: string | null;
  ports: WirePort[];
  uptimeSeconds: number | null;
  orphan: boolean;
  dependencies: string[];
  controlled: boolean;
  buildable: boolean;
}

export interface WireSnapshot {
  group: string;
  file: string;
  services: WireService[];
  timeline: { command: string; startedAt: string; totalMs: number } | null;
  at: string;
}

export interface WireMetricsSample {
  service: string;
  at: string;
  state: string | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
  error?: string;
}

export interface WireActionUpdate {
  id: number;
  service: string;
  action: string;
  status: "running" | "done" | "failed";
  lines: string[];
}

export interface WireLogLine {
  stream: "stdout" | "stderr";
  text: string;
}
