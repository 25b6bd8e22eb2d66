import type { JsonValue } from "../model/json.js";
import { GroupState } from "../model/group-state.js";
import { loadGroupRecords } from "../orchestrator/context-store.js";
import type { Project } from "../orchestrator/project.js";

/**
 * Keeps the ui's Context as a new boss command would find it. A CLI command
 * loads the services file and then `.boss-context` once; the ui lives on
 * while other bosses change that file (a postStart sets a value, a start
 * makes the cores' token), and a session adds only the keys it lacks. Before
 * each read and each button, the Context goes back to what the services file
 * set and takes the file's values as they are now: a button never writes an
 * older value back over a newer one. Not while a button runs: its own values
 * are the newest.
 */
export class SavedContext {
  private readonly fromServicesFile: ReadonlyMap<string, JsonValue>;
  private running = 0;

  /** Call before anything has read `.boss-context`: what the context holds then, the services file set. */
  constructor(private readonly project: Project) {
    this.fromServicesFile = new Map(project.state.context);
  }

  async sync(): Promise<void> {
    if (this.running > 0) return;
    const scratch = new GroupState();
    for (const [key, value] of this.fromServicesFile) scratch.context.set(key, value);
    try {
      await loadGroupRecords({ ...this.project, state: scratch });
    } catch {
      return; // unreadable: the command itself says so
    }
    if (this.running > 0) return;
    // Swapped at once, with no await: a reader never finds a key (the cores' token) missing on the way.
    const context = this.project.state.context;
    for (const key of [...context.keys()]) if (!scratch.context.has(key)) context.delete(key);
    for (const [key, value] of scratch.context) context.set(key, value);
  }

  /** Runs a button's command with the Context fresh from the file, and left alone while it runs. */
  async during<T>(run: () => Promise<T>): Promise<T> {
    await this.sync();
    this.running++;
    try {
      return await run();
    } finally {
      this.running--;
    }
  }
}
