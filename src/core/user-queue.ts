/**
 * Runs tasks one at a time per key (a user) and concurrently across keys, so one user's messages
 * are handled in the order they arrived even when a channel delivers a batch concurrently.
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when every queued task has finished. */
  idle(): Promise<void>;
  readonly size: number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const prev = tails.get(key) ?? Promise.resolve();
      const result = prev.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size) await Promise.all([...tails.values()]);
    },
    get size() {
      return tails.size;
    },
  };
}
