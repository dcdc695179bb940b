import type { AppendRequest, ExpectedVersion } from '../../commands/eventStore.js';

/** Bad input to append: names what is wrong. Nothing is written. */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

const isExpectedVersion = (value: unknown): value is ExpectedVersion =>
  value === 'any' || value === 'no_stream' || value === 'stream_exists' || (Number.isSafeInteger(value) && (value as number) >= 0);

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Checks one append request before it joins a batch, so a malformed request never fails its neighbours. */
export const validateAppend = ({ streamId, events, expectedVersion }: AppendRequest): void => {
  if (!nonEmpty(streamId)) throw new InvalidAppendError('streamId must be a non-empty string');
  if (!isExpectedVersion(expectedVersion)) {
    throw new InvalidAppendError(`expectedVersion of ${streamId} must be 'any', 'no_stream', 'stream_exists' or a version >= 0, got ${JSON.stringify(expectedVersion)}`);
  }
  if (!Array.isArray(events)) throw new InvalidAppendError(`events of ${streamId} must be an array`);
  const seen = new Set<string>();
  events.forEach((event, index) => {
    const at = `${streamId} event ${index}`;
    if (!nonEmpty(event.eventId)) throw new InvalidAppendError(`${at}: eventId must be a non-empty string`);
    if (seen.has(event.eventId)) throw new InvalidAppendError(`${at}: eventId ${event.eventId} appears twice in one append`);
    seen.add(event.eventId);
    if (!nonEmpty(event.type)) throw new InvalidAppendError(`${at}: type must be a non-empty string`);
    if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) throw new InvalidAppendError(`${at}: data must be an object`);
    if (event.metadata === null || typeof event.metadata !== 'object') throw new InvalidAppendError(`${at}: metadata must be an object`);
    if (!nonEmpty(event.metadata.tenant)) throw new InvalidAppendError(`${at}: metadata.tenant must be a non-empty string`);
    try {
      JSON.stringify(event.data);
    } catch (error) {
      throw new InvalidAppendError(`${at}: data is not serialisable as JSON (${(error as Error).message})`);
    }
  });
};
