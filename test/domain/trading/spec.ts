import assert from 'node:assert/strict';
import { fold, type Decider } from '../../../domain/shared/decider.js';
import { DomainError } from '../../../domain/shared/domainError.js';

/**
 * Decider specifications: `spec(decider).given(events).when(command)` then
 * `.then(events)`, `.thenNothing()` or `.thenError(code, details?)`.
 */
export const spec = <State, Command, Event>(decider: Decider<State, Command, Event>) => ({
  given: (events: readonly Event[]) => ({
    when: (command: Command) => {
      const decide = () => decider.decide(command, fold(decider, events));
      return {
        then: (expected: readonly Event[]): void => assert.deepEqual(decide(), expected),
        thenNothing: (): void => assert.deepEqual(decide(), []),
        thenError: (code: string, details: Record<string, unknown> = {}): void => {
          assert.throws(decide, (error: unknown) => {
            assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
            assert.equal(error.code, code);
            for (const [key, value] of Object.entries(details)) assert.deepEqual(error.details[key], value, `details.${key}`);
            return true;
          });
        },
      };
    },
  }),
});
