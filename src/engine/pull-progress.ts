/**
 * A pull's progress as one figure: the bytes of every layer being downloaded,
 * summed, as a percentage ("Downloading 42% of 31.5 MB, 2/5 layers done"),
 * said at most every `intervalMs`. The engine reports each layer's bytes many
 * times a second; passing that on would flood `--json` and redraw the TTY for
 * nothing. Lines about a layer's state (Pull complete, Already exists) and the
 * pull's own (Digest, Status) pass through as they come: they are few.
 */
export interface PullEvent {
  id?: string;
  status?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
}

/** Per-layer states that only repeat what the summed line says. */
const quiet = /^(Waiting|Downloading|Extracting|Verifying Checksum|Download complete|Pulling fs layer)$/;
const done = /^(Pull complete|Already exists|Download complete)$/;

export class PullProgress {
  private readonly layers = new Map<string, { current: number; total: number; done: boolean }>();
  private lastSaid = -Infinity;

  constructor(
    private readonly say: (line: string) => void,
    private readonly intervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  event(event: PullEvent): void {
    const status = event.status ?? "";
    const layer = event.id && this.layerOf(event.id, status);
    if (layer && status === "Downloading") {
      const { current, total } = event.progressDetail ?? {};
      if (typeof current === "number") layer.current = current;
      if (typeof total === "number" && total > 0) layer.total = total;
      this.summarise(false);
      return;
    }
    if (layer && done.test(status)) {
      layer.done = true;
      layer.current = layer.total;
      if (status === "Download complete") this.summarise(true);
    }
    if (quiet.test(status)) return;
    this.say([event.id, status, event.progress].filter(Boolean).join(" "));
  }

  private layerOf(id: string, status: string): { current: number; total: number; done: boolean } | undefined {
    // The first event names the tag being pulled ("Pulling from library/node"): not a layer.
    if (status.startsWith("Pulling from") || status.startsWith("Digest") || status.startsWith("Status"))
      return undefined;
    let layer = this.layers.get(id);
    if (!layer) this.layers.set(id, (layer = { current: 0, total: 0, done: false }));
    return layer;
  }

  private summarise(force: boolean): void {
    const time = this.now();
    if (!force && time - this.lastSaid < this.intervalMs) return;
    this.lastSaid = time;
    let current = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      current += layer.current;
      total += layer.total;
    }
    if (total === 0) return;
    const finished = [...this.layers.values()].filter((l) => l.done).length;
    const percent = Math.min(100, Math.floor((current / total) * 100));
    this.say(`Downloading ${percent}% of ${megabytes(total)}, ${finished}/${this.layers.size} layers done`);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
