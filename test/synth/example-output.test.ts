import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { RenderOptions, renderClusterFiles, synthesizeCluster } from '../../lib';
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

  test('the fixture covers every example', () => {
    expect(Object.keys(expected).sort()).toStrictEqual(Object.keys(CASES).sort());
  });
});
