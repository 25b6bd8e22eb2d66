import type { OrchestratorEvent } from "../events.js";
import type { GroupSession } from "../group-session.js";
import type { Project } from "../project.js";
import { criticalPath, type CriticalPath } from "./critical-path.js";
import type { Timeline, TimelineService } from "./timeline.js";

/** Collects the phase events of one command as they pass on to the renderers. */
export class TimelineRecorder {
  private readonly began = performance.now();
  private readonly startedAt = new Date().toISOString();
  private readonly phases = new Map<string, TimelineService["phases"]>();
  private readonly imagesReady = new Map<string, number>();

  constructor(private readonly command: string) {}

  record(event: OrchestratorEvent): void {
    if (event.type !== "phase") return;
    const phases = this.phases.get(event.service) ?? [];
    phases.push({ phase: event.phase, atMs: Math.round(performance.now() - this.began) });
    this.phases.set(event.service, phases);
  }

  /** The service's image is here (built or pulled while it may still be waiting on its dependencies). */
  imageReady(service: string): void {
    this.imagesReady.set(service, Math.round(performance.now() - this.began));
  }

  /** The project with its events recorded here on their way to where they went before. */
  watching(project: Project): Project {
    return {
      ...project,
      emit: (event) => {
        this.record(event);
        project.emit(event);
      },
    };
  }

  /** Keeps the timeline in the session's records (saved with them) and returns its critical path. */
  keep(session: GroupSession): CriticalPath {
    const timeline = this.timeline((name) => session.project.graph.dependenciesOf(name));
    session.records.timeline = timeline;
    return criticalPath(timeline);
  }

  /** The timeline so far; `dependenciesOf` gives each service's dependencies (the graph's). */
  timeline(dependenciesOf: (service: string) => string[]): Timeline {
    const services = [...this.phases].map(([name, phases]) => ({
      name,
      dependencies: dependenciesOf(name).filter((d) => this.phases.has(d)),
      phases,
      ...(this.imagesReady.has(name) ? { imageReadyAtMs: this.imagesReady.get(name) } : {}),
    }));
    const totalMs = Math.max(0, ...services.flatMap((s) => s.phases.map((p) => p.atMs)));
    return { command: this.command, startedAt: this.startedAt, totalMs, services };
  }
}
