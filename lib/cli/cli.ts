import { ClusterValidationError } from '../validation/problem';
import { CliCommand, commandHelp, parseCommandArgs } from './command';
import { DIFF_COMMAND } from './diff-command';
import { CheckFailed, ExitCode, UsageError } from './errors';
import { FILL_SECRETS_COMMAND } from './fill-secrets-command';
import { CliIo } from './io';
import { PLAN_COMMAND } from './plan-command';
import { REPORT_COMMAND } from './report-command';
import { SCHEMAS_COMMAND } from './schemas-command';
import { SYNTH_COMMAND } from './synth-command';
import { VALIDATE_COMMAND } from './validate-command';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [SYNTH_COMMAND, VALIDATE_COMMAND, DIFF_COMMAND, REPORT_COMMAND, FILL_SECRETS_COMMAND, SCHEMAS_COMMAND, PLAN_COMMAND];

/** The top-level `--help` text. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: clusterforge <command> [options]',
    '',
    'Model a Kubernetes cluster in TypeScript; synthesise, validate, diff and document it.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'clusterforge <command> --help tells more. Exit codes: 0 ok, 1 validation failed,',
    'differences found or upgrade refused, 2 usage error.',
  ].join('\n');
}

/**
 * Runs one command line and returns the exit code: errors go to stderr, with the
 * construct path for validation errors, and a stack trace only with `--verbose`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(mainHelp());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`clusterforge: unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')} (clusterforge --help)`);
    return ExitCode.USAGE;
  }
  const verbose = rest.includes('--verbose');
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      io.out(commandHelp(command));
      return ExitCode.OK;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`clusterforge ${name}: ${e.message}`);
      return ExitCode.USAGE;
    }
    if (e instanceof CheckFailed) {
      io.err(`clusterforge ${name}: ${e.message}`);
      return ExitCode.FAILED;
    }
    if (e instanceof ClusterValidationError) {
      io.err(e.message);
      return ExitCode.FAILED;
    }
    const err = e as Error;
    io.err(`clusterforge ${name}: ${err?.message ?? String(e)}`);
    if (verbose && err?.stack) io.err(err.stack);
    else io.err('(run again with --verbose for the stack trace)');
    return ExitCode.FAILED;
  }
}
