/** Exit codes of the `clusterforge` CLI. */
export enum ExitCode {
  /** The command did what was asked; for `diff`, nothing differs. */
  OK = 0,
  /** A definition or an output folder failed validation; for `diff`, something differs. */
  FAILED = 1,
  /** The command line, or a file or folder it names, is not usable. */
  USAGE = 2,
}

/** A problem with how the CLI was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A check the command ran found problems it already printed: exit code 1. */
export class CheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}
