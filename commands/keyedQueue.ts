/**
 * Runs tasks that share a key one after another, and tasks of different keys concurrently. The command
 * bus queues commands per stream with it: within one process they then never conflict with each other
 * (version conflicts, and their retries, are left to writers in other processes).
 */
export const createKeyedQueue = () => {
  const tails = new Map<string, Promise<void>>();
  return <T,>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.then(() => undefined, () => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
};
