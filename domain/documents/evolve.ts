import { assertNever } from '../shared/domainError.js';
import type { Document } from './document.js';
import type { DocumentEvent } from './events.js';

/** Applies one event; never throws (an event out of place leaves the state as it was). */
export const evolve = (state: Document, event: DocumentEvent): Document => {
  switch (event.type) {
    case 'DocumentUploaded':
      return { status: 'uploaded', ...event.data };
    case 'TextExtracted':
      return state.status === 'none' || state.status === 'failed' ? state : { ...state, status: 'extracted' };
    case 'DocumentEnriched':
      return state.status === 'none' || state.status === 'failed' ? state : { ...state, status: 'enriched' };
    case 'DocumentIndexed':
      return state.status === 'none' || state.status === 'failed' ? state : { ...state, status: 'indexed' };
    case 'DocumentProcessingFailed':
      if (state.status === 'none' || state.status === 'failed' || state.status === 'indexed') return state;
      return { ...state, status: 'failed', reached: state.status, step: event.data.step, code: event.data.code };
    case 'AiUsageRecorded':
      return state;
    default:
      return assertNever(event);
  }
};
