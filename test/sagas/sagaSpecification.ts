import type { SagaDefinition, SagaInput, SagaReaction } from '../../sagas/saga.js';

/** Given inputs, in order, to a fresh instance of `saga`: the state after them and each reaction (null: ignored). */
export const givenInputs = <State,>(saga: SagaDefinition<State>, inputs: readonly SagaInput[]): { state: State; reactions: (SagaReaction<State> | null)[] } => {
  let state = saga.initialState();
  const reactions = inputs.map((input) => {
    const reaction = saga.react(state, input);
    if (reaction !== null) state = reaction.state;
    return reaction;
  });
  return { state, reactions };
};

/** A reaction's actions as a specification names them. */
export const actionsOf = <State,>(reaction: SagaReaction<State> | null | undefined) => (reaction?.actions ?? []).map(({ key, name, input }) => ({ key, name, input }));
