/** The logging port: pino's Logger satisfies it; code outside infra/ logs through it. */
export type LogFn = (bindings: object, message?: string) => void;

export type Log = Readonly<{
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child: (bindings: Record<string, unknown>) => Log;
}>;

const ignore: LogFn = () => undefined;

export const silentLog: Log = { debug: ignore, info: ignore, warn: ignore, error: ignore, child: () => silentLog };
