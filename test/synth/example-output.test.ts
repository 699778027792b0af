import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { RenderOptions, renderClusterFiles, synthesizeCluster, synthesizeToDirectory } from '../../lib';
import { EXAMPLES } from '../../examples';

/**
 * Every file of every example, as SHA-256 of its bytes, against a committed fixture:
 * a change to synthesis (such as a faster YAML emitter) must leave the output
 * byte-identical. When a change is meant to alter output, regenerate the fixture
 * with `UPDATE_OUTPUT_HASHES=1 npx jest test/synth/example-output.test.ts` and review
 * the files that changed.
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'example-output.sha256.json');

const GITOPS: RenderOptions = { gitOps: { argoCdSyncWaves: true, flux: { sourceRef: { name: 'fleet' }, path: './clusters/platform' } } };

const CASES: Record<string, () => Map<string, string>> = {
  ...Object.fromEntries(Object.entries(EXAMPLES).map(([name, define]) => [name, () => renderClusterFiles(synthesizeCluster(define()))])),
  'platform+gitops': () => renderClusterFiles(synthesizeCluster(EXAMPLES.platform()), GITOPS),
};

/** Every file under `dir`, by relative path. */
function readTree(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [p, c] of readTree(dir, relative)) files.set(p, c);
    else files.set(relative, fs.readFileSync(path.join(dir, relative), 'utf8'));
  }
  return files;
}

function hashes(files: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...files].map(([file, content]) => [file, createHash('sha256').update(content).digest('hex')]));
}

describe('example output', () => {
  const expected = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, Record<string, string>>;
  const actual: Record<string, Record<string, string>> = {};

  afterAll(() => {
    if (process.env.UPDATE_OUTPUT_HASHES) fs.writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
  });

  test.each(Object.keys(CASES))('%s is byte-identical to the committed output', (name) => {
    // WHEN
    actual[name] = hashes(CASES[name]());

    // THEN
    if (!process.env.UPDATE_OUTPUT_HASHES) expect(actual[name]).toStrictEqual(expected[name]);
  });

  test('synthesizeToDirectory streams exactly the files renderClusterFiles renders', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-example-output-'));
    try {
      // WHEN
      synthesizeToDirectory(EXAMPLES.platform(), outdir, GITOPS);

      // THEN
      const written = readTree(path.join(outdir, 'platform'));
      expect(hashes(written)).toStrictEqual(expected['platform+gitops']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the fixture covers every example', () => {
    expect(Object.keys(expected).sort()).toStrictEqual(Object.keys(CASES).sort());
  });
});
