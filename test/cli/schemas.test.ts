import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clusterforge } from '../support/cli';
import { SHARED_OPENAPI_DIR } from '../support/schema-validator';

/**
 * A stand-in kubectl answering `get --raw` from the reference OpenAPI documents, as an API
 * server's /openapi/v3 does; it records its arguments.
 */
function fakeKubectl(dir: string): string {
  const script = path.join(dir, 'kubectl');
  const served = ['api__v1_openapi.json', 'apis__apps__v1_openapi.json'];
  const index = { paths: Object.fromEntries([...served.map((f) => [f.replace('_openapi.json', '').split('__').join('/'), { serverRelativeURL: `/openapi/v3/${f}?hash=1` }]), ['version', { serverRelativeURL: '/openapi/v3/version?hash=2' }]]) };
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
  fs.writeFileSync(
    script,
    [
      '#!/bin/sh',
      `echo "$@" >> "${dir}/calls"`,
      'for last; do :; done',
      `case "$last" in /openapi/v3) cat "${dir}/index.json" ;; *) f=$(basename "\${last%%\\?*}"); cat "${SHARED_OPENAPI_DIR}/$f" ;; esac`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return script;
}

// `clusterforge schemas pull`: the cluster's own OpenAPI documents, through kubectl.
describe('clusterforge schemas pull', () => {
  test('saves every group-version document of the context, in the layout validate reads', () => {
    // GIVEN a kubectl that serves two group-versions
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-schemas-'));
    const kubectl = fakeKubectl(dir);

    // WHEN pulling
    const r = clusterforge(['schemas', 'pull', '--context', 'prod'], dir, { KUBECTL: kubectl });

    // THEN both documents are saved, named as validate expects, through that context
    expect([r.status, r.stdout, r.stderr]).toStrictEqual([0, 'saved 2 OpenAPI documents to .clusterforge/openapi/\n', '']);
    expect(fs.readdirSync(path.join(dir, '.clusterforge/openapi')).sort()).toStrictEqual(['api__v1_openapi.json', 'apis__apps__v1_openapi.json']);
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').split('\n')[0]).toBe('--context prod get --raw /openapi/v3');
  });

  test('a failing kubectl exits 1 with its message; a missing subcommand is a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-schemas-'));
    fs.writeFileSync(path.join(dir, 'kubectl'), '#!/bin/sh\necho "context \\"nope\\" does not exist" >&2\nexit 1\n', { mode: 0o755 });
    const failed = clusterforge(['schemas', 'pull', '--context', 'nope'], dir, { KUBECTL: path.join(dir, 'kubectl') });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('context "nope" does not exist');
    expect(fs.existsSync(path.join(dir, '.clusterforge'))).toBe(false);
    expect(clusterforge(['schemas'], dir).status).toBe(2);
  });
});
