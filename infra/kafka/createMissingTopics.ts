import type { Admin } from 'kafkajs';

/** Creates those of `topics` the cluster does not have, with `partitions` partitions each (the broker's default when absent); returns them. */
export const createMissingTopics = async (admin: Admin, topics: readonly string[], partitions?: number): Promise<string[]> => {
  const existing = new Set(await admin.listTopics());
  const create = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (create.length > 0) await admin.createTopics({ topics: create.map((topic) => (partitions === undefined ? { topic } : { topic, numPartitions: partitions })), waitForLeaders: true });
  return create;
};
