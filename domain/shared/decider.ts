/** A decider: the pure heart of a stream. `decide` returns [] when nothing happened. */
export type Decider<State, Command, Event> = Readonly<{
  decide: (command: Command, state: State) => readonly Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}>;

/** Folds events into state with a decider's evolve. */
export const fold = <State, Event>(
  decider: Pick<Decider<State, never, Event>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State => {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
