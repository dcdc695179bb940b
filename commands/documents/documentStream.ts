import type { DocumentCommand } from '../../domain/documents/commands.js';
import { documentDecider } from '../../domain/documents/documentDecider.js';
import { documentError } from '../../domain/documents/documentError.js';
import { documentStreamId, parseDocumentEvent, type DocumentEvent } from '../../domain/documents/events.js';
import { fold } from '../../domain/shared/decider.js';
import { newEvent, type CommandContext, type CommandResult } from '../commandBus.js';
import { ConcurrencyError, type EventStore, type RecordedEvent } from '../eventStore.js';

const toDocumentEvent = (event: RecordedEvent): DocumentEvent => {
  const parsed = parseDocumentEvent(event);
  if (parsed === null) throw new Error(`${event.streamId} holds ${event.type}, which is not a document event`);
  return parsed;
};

export const readDocumentEvents = async (store: EventStore, documentId: string, tenant: string): Promise<readonly RecordedEvent[]> => {
  const recorded = await store.readStream(documentStreamId(documentId));
  if (recorded.length > 0 && recorded[0]?.metadata.tenant !== tenant) return []; // another tenant's document looks absent
  return recorded;
};

/** Load – fold – decide – append on one document stream, starting over on a version conflict. */
export const runDocumentCommand = async (store: EventStore, command: DocumentCommand, context: CommandContext, { maxRetries = 5 } = {}): Promise<CommandResult> => {
  const { documentId } = command.data;
  const streamId = documentStreamId(documentId);
  for (let attempt = 0; ; attempt++) {
    const recorded = await store.readStream(streamId);
    if (recorded.length > 0 && recorded[0]?.metadata.tenant !== context.tenant) throw documentError('DOCUMENT_NOT_FOUND', `Document ${documentId} not found`, { documentId });
    const last = recorded.at(-1);
    const events = documentDecider.decide(command, fold(documentDecider, recorded.map(toDocumentEvent)));
    if (events.length === 0) return { streamId, version: last?.version ?? 0, position: last?.position ?? 0, appended: false, events: [] };
    try {
      const appended = await store.append(streamId, events.map((event) => newEvent(event, context)), { expectedVersion: last?.version ?? 'no_stream' });
      return { streamId, version: appended.version, position: appended.position, appended: true, events: appended.events };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxRetries) throw error;
    }
  }
};
