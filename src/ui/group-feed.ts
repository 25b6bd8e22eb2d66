import { watch, type FSWatcher } from "chokidar";
import { basename } from "node:path";
import { messageOf } from "../errors.js";
import { contextFileName } from "../model/context-file.js";
import { runningCore } from "../orchestrator/ccc/core-commands.js";
import { readGroup } from "../orchestrator/group-session.js";
import type { Project } from "../orchestrator/project.js";
import { groupSnapshot, type UiSnapshot } from "./group-snapshot.js";
import type { SavedContext } from "./saved-context.js";
import type { SseChannel } from "./sse-channel.js";

export interface FeedTiming {
  /** A burst of engine events within this is one refresh. */
  settleMs: number;
  /** Readiness and uptime move without an engine event: read again this often anyway. */
  refreshMs: number;
  /** The cores' metrics, while a page listens. */
  metricsMs: number;
}

const defaultTiming: FeedTiming = { settleMs: 150, refreshMs: 5000, metricsMs: 2000 };

/** One sample of a controlled service's core, for the page's charts. */
export interface MetricsSample {
  service: string;
  at: string;
  state: string | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
  error?: string;
}

/**
 * Keeps the pages up to date without a second source of truth: it reads the
 * group as `boss status` does whenever the engine says one of the group's
 * containers changed (its event stream, filtered by the group's label) or
 * `.boss-context` changed (a boss recorded readiness or a timeline), and
 * sends the new snapshot to every page. A CLI that starts or stops services
 * at the same time is seen through the same two doors.
 */
export class GroupFeed {
  private latest: UiSnapshot | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private settleTimer: NodeJS.Timeout | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stopped = new AbortController();
  private contextWatcher: FSWatcher | undefined;

  constructor(
    private readonly project: Project,
    private readonly channel: SseChannel,
    private readonly savedContext: SavedContext,
    private readonly timing: FeedTiming = defaultTiming,
  ) {}

  /** Reads the group once (so the first page has it), then follows the engine and the context file. */
  async start(): Promise<void> {
    await this.refresh();
    void this.followEngine();
    const { dir } = this.project.file;
    this.contextWatcher = watch(dir, {
      depth: 0,
      ignoreInitial: true,
      ignored: (path) => path !== dir && basename(path) !== contextFileName,
    });
    this.contextWatcher.on("all", () => this.changed());
    // Only while a page listens: with none, nobody reads the result.
    this.timers.push(setInterval(() => this.channel.size > 0 && this.changed(), this.timing.refreshMs));
    this.timers.push(setInterval(() => void this.sampleMetrics(), this.timing.metricsMs));
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.settleTimer);
    await this.contextWatcher?.close();
    await this.reading;
  }

  /** The snapshot a page gets first: read now when no page listened (what is kept may be minutes old). */
  async snapshot(): Promise<UiSnapshot> {
    if (!this.latest || this.channel.size === 0) await this.refresh();
    return this.latest!;
  }

  /** Something may have changed (an engine event, the context file, an action of the page): read again soon. */
  changed(): void {
    if (this.stopped.signal.aborted) return;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => void this.refresh(), this.timing.settleMs);
  }

  /** One read at a time; a change during a read makes one more read after it. */
  private refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        try {
          await this.savedContext.sync();
          this.latest = await groupSnapshot(this.project);
          this.channel.send("state", this.latest);
        } catch (error) {
          this.channel.send("problem", { message: `reading the group: ${messageOf(error)}` });
        }
      } while (this.again && !this.stopped.signal.aborted);
    })().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** The engine's events for the group; when the stream breaks (engine restarted), again a second later. */
  private async followEngine(): Promise<void> {
    const { signal } = this.stopped;
    while (!signal.aborted) {
      try {
        for await (const _event of this.project.client.containerEvents(this.project.file.group, signal)) this.changed();
      } catch (error) {
        this.channel.send("problem", { message: `the engine's events: ${messageOf(error)}` });
      }
      await new Promise((resolve) => setTimeout(resolve, 1000).unref());
    }
  }

  private async sampleMetrics(): Promise<void> {
    if (this.channel.size === 0 || !this.latest) return;
    const running = this.latest.services.filter((s) => s.controlled && s.state === "running").map((s) => s.name);
    if (running.length === 0) return;
    const samples = await readGroup(this.project, "ui", () =>
      Promise.all(running.map((name) => this.sample(name))),
    ).catch((error: unknown) => running.map((service) => failed(service, error)));
    this.channel.send("metrics", samples);
  }

  private async sample(service: string): Promise<MetricsSample> {
    try {
      const metrics = (await (await runningCore(this.project, service)).metrics()) as {
        state?: unknown;
        container?: { cpu_percent?: number | null; memory_usage_bytes?: number | null };
      };
      return {
        service,
        at: new Date().toISOString(),
        state: typeof metrics.state === "string" ? metrics.state : null,
        cpuPercent: metrics.container?.cpu_percent ?? null,
        memoryBytes: metrics.container?.memory_usage_bytes ?? null,
      };
    } catch (error) {
      return failed(service, error);
    }
  }
}

function failed(service: string, error: unknown): MetricsSample {
  const at = new Date().toISOString();
  return { service, at, state: null, cpuPercent: null, memoryBytes: null, error: messageOf(error) };
}
