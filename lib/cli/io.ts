/** Where a command writes: stdout for results, stderr for errors and warnings. */
export interface CliIo {
  /** Writes a line of results to stdout. */
  out(line: string): void;
  /** Writes a line of errors or warnings to stderr. */
  err(line: string): void;
  /** Whether stdout is a terminal (progress lines are printed only then). */
  readonly isTty: boolean;
  /** The working directory paths are resolved against. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTty: process.stdout.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  };
}
