import { Command, Option } from "clipanion";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { lastTimeline } from "../../orchestrator/timeline/last-timeline.js";
import { criticalPathLine } from "../../report/critical-path-text.js";
import { BossCommand } from "../base-command.js";
import { timelineSvg } from "../../report/timeline-svg.js";
import { waterfallLines } from "../render/waterfall.js";

export class TimelineCommand extends BossCommand {
  static override paths = [["timeline"]];

  static override usage = Command.Usage({
    description: "Show where the last start's time went: a waterfall per service, and the critical path",
    details: `
      Reads what the last start, reload or restart recorded in the group's records: each service's phases (waiting,
      pulling, building, creating, starting, pinging, postStart) as a row of the waterfall, the services of the
      critical path — the chain that bounded the start — starred. --svg writes the same picture to a file.
    `,
    examples: [
      ["The last start as a waterfall", "$0 timeline"],
      ["As a picture", "$0 timeline --svg start.svg"],
      ["For a tool", "$0 timeline --json"],
    ],
  });

  svg = Option.String("--svg", { description: "Write the waterfall as an SVG picture to this file" });

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const last = await lastTimeline(project);
    if (!last) {
      this.renderer.report(["no start recorded for this group yet: run boss start"], { timeline: null });
      return 0;
    }
    if (this.svg) {
      const file = resolve(this.context.cwd, this.svg);
      await writeFile(file, timelineSvg(last.timeline, last.criticalPath));
      this.renderer.report([`wrote ${file}`, criticalPathLine(last.criticalPath)], { file, ...last });
      return 0;
    }
    const columns = (this.context.stdout as { columns?: number }).columns ?? 100;
    const width = Math.max(20, Math.min(100, columns - 40));
    const lines = waterfallLines(last.timeline, last.criticalPath, { width, colour: this.renderer.styled });
    this.renderer.report([...lines, "", criticalPathLine(last.criticalPath)], last);
    return 0;
  }
}
