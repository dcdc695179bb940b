import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentProcessingSaga, type DocumentProcessingContext } from '../../../sagas/documents/documentProcessing.js';
import type { SagaInput } from '../../../sagas/saga.js';
import type { StepSagaState } from '../../../sagas/stepSaga.js';
import { actionsOf, givenInputs } from '../sagaSpecification.js';

type State = StepSagaState<DocumentProcessingContext>;
const at = '2026-01-05T09:00:00.000Z';
const uploaded: SagaInput = {
  kind: 'event',
  id: 'event:e1',
  type: 'DocumentUploaded',
  data: { documentId: 'd1', fileName: 'report.pdf', contentType: 'application/pdf', sizeBytes: 10, sha256: 'ab', blobKey: 'ab', uploadedBy: 'analyst-1', uploadedAt: at },
  at,
};
const ok = (key: string, result: Record<string, unknown> = {}): SagaInput => ({ kind: 'actionSucceeded', id: `${key}:ok`, key, name: key, result, at });
const failed = (key: string, attempts: number, code = 'AI_UNAVAILABLE'): SagaInput => ({ kind: 'actionFailed', id: `${key}:failed`, key, name: key, error: { code, message: 'the model is down' }, attempts, at });

const given = (...inputs: SagaInput[]) => givenInputs(documentProcessingSaga, inputs);
const statuses = (state: State) => documentProcessingSaga.describe(state).steps.map((s) => `${s.name}:${s.status}`);

describe('document processing saga (specification)', () => {
  it('starts on DocumentUploaded, keyed by the document, by accepting it', () => {
    const { reactions, state } = given(uploaded);
    assert.deepEqual(actionsOf(reactions[0]), [{ key: 'step:accept', name: 'document.accept', input: { documentId: 'd1' } }]);
    assert.deepEqual(statuses(state), ['accept:running', 'extract:pending', 'enrich:pending', 'index:pending']);
  });

  it('extracts, enriches and indexes in order, then completes', () => {
    const { reactions, state } = given(uploaded, ok('step:accept'), ok('step:extract'), ok('step:enrich'), ok('step:index'));
    assert.deepEqual(reactions.slice(1).map((r) => actionsOf(r).map((a) => a.name)), [['document.extract'], ['document.enrich'], ['document.index'], []]);
    assert.deepEqual(actionsOf(reactions[2]), [{ key: 'step:enrich', name: 'document.enrich', input: { documentId: 'd1' } }]);
    assert.equal(documentProcessingSaga.describe(state).status, 'completed');
  });

  it('ignores the same upload event twice', () => {
    const { reactions } = given(uploaded, uploaded);
    assert.equal(reactions[1], null);
  });

  it('records DocumentProcessingFailed (undoing accept) when a step fails for good, naming the step, the code and the tries', () => {
    const { reactions, state } = given(uploaded, ok('step:accept'), ok('step:extract'), failed('step:enrich', 3));
    assert.deepEqual(actionsOf(reactions[3]), [
      { key: 'compensate:accept', name: 'document.fail', input: { documentId: 'd1', step: 'enrich', code: 'AI_UNAVAILABLE', reason: 'the model is down', attempts: 3 } },
    ]);
    assert.deepEqual(statuses(state), ['accept:compensating', 'extract:done', 'enrich:failed', 'index:skipped']);
    const end = given(uploaded, ok('step:accept'), ok('step:extract'), failed('step:enrich', 3), ok('compensate:accept')).state;
    const summary = documentProcessingSaga.describe(end);
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.failure, { step: 'enrich', code: 'AI_UNAVAILABLE', message: 'the model is down' }, 'the summary keeps its three fields');
  });

  it('ends failed without recording anything when the document cannot be accepted', () => {
    const { reactions, state } = given(uploaded, failed('step:accept', 1, 'DOCUMENT_NOT_FOUND'));
    assert.deepEqual(actionsOf(reactions[1]), []);
    assert.equal(documentProcessingSaga.describe(state).status, 'failed');
  });
});
