import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, clusterforge } from '../support/cli';

// The command line itself: help, unknown commands and options, exit codes.
describe('clusterforge', () => {
  test('--help lists every command and the exit codes', () => {
    const r = clusterforge(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['synth', 'validate', 'diff', 'report', 'fill-secrets', 'schemas']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toContain('0 ok, 1 validation failed');
  });

  test('no command prints the help to stderr with exit code 2', () => {
    const r = clusterforge([]);
    expect([r.status, r.stdout]).toStrictEqual([2, '']);
    expect(r.stderr).toContain('usage: clusterforge <command>');
  });

  test.each(['synth', 'validate', 'diff', 'report', 'fill-secrets', 'schemas'])('%s --help prints its usage and options', (command) => {
    const r = clusterforge([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: clusterforge ${command} `));
    expect(r.stdout).toContain('--verbose');
  });

  test('an unknown command or option is a usage error on stderr', () => {
    const unknown = clusterforge(['synthesize']);
    expect([unknown.status, unknown.stdout]).toStrictEqual([2, '']);
    expect(unknown.stderr).toContain("unknown command 'synthesize'");
    const option = clusterforge(['synth', '--outdir', 'x']);
    expect([option.status, option.stdout]).toStrictEqual([2, '']);
    expect(option.stderr).toContain("Unknown option '--outdir'");
    expect(option.stderr).toContain('usage: clusterforge synth');
  });
});

describe('README commands', () => {
  // Every `npx clusterforge …` line of the README names a real command and real options.
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const lines = [...readme.matchAll(/^npx clusterforge ([^#\n]*?)\s*(?:#.*)?$/gm)].map((m) => m[1].trim());

  test('the README shows the commands', () => {
    expect(lines.map((l) => l.split(' ')[0])).toEqual(expect.arrayContaining(['synth', 'validate', 'diff', 'report', 'fill-secrets']));
  });

  test.each(lines)('clusterforge %s parses', (line) => {
    const r = clusterforge([...line.split(/\s+/), '--help']);
    expect([r.status, r.stderr]).toStrictEqual([0, '']);
  });
});
