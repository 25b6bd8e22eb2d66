import dockerignoreModule from "@balena/dockerignore";
import { watch, type FSWatcher } from "chokidar";
import { readFileSync, statSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import type { WatchDefinition } from "../../model/definition.js";

// The package is CommonJS (module.exports = factory) while its types declare a default export.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

/** What happened to a file since the last batch. */
export type FileChange = "changed" | "removed";

/** Changes per rule: path relative to the rule's `path` (`""` for a rule on one file) → what happened last. */
export type ChangeBatch = Map<WatchDefinition, Map<string, FileChange>>;

/**
 * Never worth an action: version control, and the files editors write beside
 * the one being edited (vim's swap files and its 4913 probe, emacs' lock and
 * auto-save files, JetBrains' safe-write copies), as compose ignores them.
 */
const alwaysIgnored = [
  ".git",
  "**/.git",
  "*.swp",
  "*.swx",
  "**/*.swp",
  "**/*.swx",
  "**/*~",
  "**/.#*",
  "**/#*#",
  "**/4913",
  "**/*___jb_tmp___",
  "**/*___jb_old___",
];

/**
 * Watches one service's rules with chokidar (events from inotify, editors'
 * atomic saves seen as one change) and hands over the changes in batches: a
 * batch goes out once no change came for `quietMs`, so a burst of saves (a
 * formatter, a branch switch) is one action.
 */
export class ChangedFiles {
  private readonly watchers: FSWatcher[] = [];
  private pending: ChangeBatch = new Map();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    rules: readonly WatchDefinition[],
    buildContext: string | undefined,
    private readonly onBatch: (batch: ChangeBatch) => void,
    // Above chokidar's 100 ms wait on a deletion (is it an editor's atomic save?), so a deletion joins its burst.
    private readonly quietMs = 300,
  ) {
    for (const rule of rules) {
      const ignored = ignoreRule(rule, buildContext);
      const watcher = watch(rule.path, { ignoreInitial: true, ignored: (path) => ignored(path) });
      watcher.on("add", (path) => this.record(rule, path, "changed"));
      watcher.on("change", (path) => this.record(rule, path, "changed"));
      watcher.on("unlink", (path) => this.record(rule, path, "removed"));
      watcher.on("unlinkDir", (path) => this.record(rule, path, "removed"));
      this.watchers.push(watcher);
    }
  }

  /** Resolves once every watcher has read its folders: changes from then on are seen. */
  ready(): Promise<void> {
    return Promise.all(this.watchers.map((w) => new Promise<void>((resolve) => w.once("ready", () => resolve())))).then(
      () => undefined,
    );
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await Promise.all(this.watchers.map((w) => w.close()));
  }

  private record(rule: WatchDefinition, path: string, change: FileChange): void {
    const files = this.pending.get(rule) ?? new Map<string, FileChange>();
    files.set(toPosix(relative(rule.path, path)), change);
    this.pending.set(rule, files);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const batch = this.pending;
      this.pending = new Map();
      this.onBatch(batch);
    }, this.quietMs);
  }
}

/**
 * Whether a path under the rule is left alone: what is always ignored, the
 * rule's own patterns (relative to its path), and the build context's
 * .dockerignore for paths inside the context (a file the image does not get
 * is no reason to rebuild it).
 */
function ignoreRule(rule: WatchDefinition, buildContext: string | undefined): (path: string) => boolean {
  const own = dockerignore({ ignorecase: false }).add(alwaysIgnored).add(rule.ignore);
  const context = buildContext ? dockerignore({ ignorecase: false }).add(readDockerignore(buildContext)) : undefined;
  const isFileRule = isFile(rule.path);
  return (path) => {
    const under = toPosix(relative(rule.path, path));
    if (isFileRule ? own.ignores(basename(path)) : under !== "" && own.ignores(under)) return true;
    if (!context || !buildContext) return false;
    const inContext = toPosix(relative(buildContext, path));
    return inContext !== "" && !inContext.startsWith("..") && context.ignores(inContext);
  };
}

function readDockerignore(context: string): string {
  try {
    return readFileSync(join(context, ".dockerignore"), "utf8");
  } catch {
    return "";
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
