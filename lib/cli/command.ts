import { parseArgs } from 'util';
import { UsageError } from './errors';
import { CliIo } from './io';

/** An option of a command, as `util.parseArgs` takes it, with its help text. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean | undefined;
  readonly help: string;
  /** Placeholder of the value in the help text. */
  readonly value?: string | undefined;
}

/** One `clusterforge <command>`. */
export interface CliCommand {
  readonly name: string;
  /** `[file…] [--out dir]` */
  readonly usage: string;
  readonly summary: string;
  /** Longer help: what the command reads and writes. */
  readonly description: string;
  readonly options: Readonly<Record<string, CliOption>>;
  /** Runs the command; returns the exit code, or throws UsageError or CheckFailed. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Parsed options and positionals of one command. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Options every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, CliOption>> = {
  help: { type: 'boolean', help: 'print this help' },
  verbose: { type: 'boolean', help: 'print stack traces of unexpected errors' },
};

/** Parses `argv` for `command`, turning parse errors into UsageError. */
export function parseCommandArgs(command: CliCommand, argv: readonly string[]): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries({ ...COMMON_OPTIONS, ...command.options }).map(([name, o]) => [name, o.multiple ? { type: o.type, multiple: true } : { type: o.type }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]}\nusage: clusterforge ${command.name} ${command.usage}`);
  }
}

/** The `--help` text of a command. */
export function commandHelp(command: CliCommand): string {
  const rows = Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([name, o]) => [`--${name}${o.value ? ` <${o.value}>` : ''}`, o.help]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `usage: clusterforge ${command.name} ${command.usage}`,
    '',
    command.summary,
    '',
    command.description,
    '',
    'options:',
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`),
  ].join('\n');
}

/** A string option's value, or the default. */
export function stringOption(args: ParsedArgs, name: string, fallback: string): string;
export function stringOption(args: ParsedArgs, name: string): string | undefined;
export function stringOption(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : fallback;
}

/** A repeatable string option's values. */
export function stringsOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? (v as string[]) : [];
}
