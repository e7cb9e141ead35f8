/** The process's exit status, one per class of failure an operator fixes differently (README). */
export const ExitCode = {
  Stopped: 0,
  Unexpected: 1,
  Configuration: 2,
  DatabaseUnreachable: 3,
  DatabaseUnreadable: 4,
  PortUnavailable: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A start-up failure that has been understood: what to tell the operator and how to exit. */
export class StartupFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
