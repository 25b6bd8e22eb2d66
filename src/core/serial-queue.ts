// Start, update and stop change the same workload: they run one at a time in
// arrival order, never interleaved. A failed task does not block the next one.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
