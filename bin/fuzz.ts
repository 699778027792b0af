import { spawnSync } from 'child_process';
import { randomInt } from 'crypto';
import * as path from 'path';

/**
 * `npm run fuzz [-- --seed N] [-- --runs N]`: the property test of test/fuzz, with 20,000
 * random cluster definitions and a random seed by default.
 *
 * It runs jest on that one test rather than the property itself: the property checks
 * output against the schemas in ../shared through test/support, which the product must
 * not depend on, and its generators use fast-check, a devDependency. One property
 * definition serves both `npm test` (fixed seed, 2,000 cases) and this command.
 */

const DEFAULT_RUNS = 20_000;
const USAGE = 'usage: npm run fuzz -- [--seed <integer>] [--runs <positive integer>]';

interface Options {
  readonly seed: number;
  readonly runs: number;
}

function parseArgs(argv: readonly string[]): Options | string {
  let seed: number | undefined;
  let runs = DEFAULT_RUNS;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    const n = Number(value);
    if (flag === '--seed') {
      if (value === undefined || !Number.isSafeInteger(n)) return `--seed needs an integer, got '${value ?? ''}'`;
      seed = n;
    } else if (flag === '--runs') {
      if (value === undefined || !Number.isSafeInteger(n) || n < 1) return `--runs needs a positive integer, got '${value ?? ''}'`;
      runs = n;
    } else {
      return `unknown argument '${argv[i]}'`;
    }
  }
  return { seed: seed ?? randomInt(0, 2 ** 31 - 1), runs };
}

function main(argv: readonly string[]): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    console.error(`${options}\n${USAGE}`);
    return 2;
  }
  const { seed, runs } = options;
  // build/bin/fuzz.js -> the repository root, where jest.config.js and test/ are.
  const root = path.resolve(__dirname, '..', '..');
  const replay = `npm run fuzz -- --seed ${seed} --runs ${runs}`;
  console.log(`fuzz: seed ${seed}, ${runs} runs (replay: ${replay})`);
  const jest = require.resolve('jest/bin/jest', { paths: [root] });
  const result = spawnSync(process.execPath, [jest, '--runInBand', '--ci', 'test/fuzz'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_RUNS: String(runs) },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`fuzz: FAILED with seed ${seed}; the counterexample is above. Replay: ${replay}`);
    return 1;
  }
  console.log(`fuzz: passed, seed ${seed}, ${runs} runs`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
