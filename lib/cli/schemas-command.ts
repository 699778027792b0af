import { spawnSync } from 'child_process';
import * as path from 'path';
import { writeTreeAtomically } from '../synth/writer';
import { CliCommand, stringOption } from './command';
import { CheckFailed, ExitCode, UsageError } from './errors';
import { CliIo } from './io';
import { DEFAULT_SCHEMAS_DIR } from './validate-command';

/** `api/v1` -> `api__v1_openapi.json`, `apis/apps/v1` -> `apis__apps__v1_openapi.json`; undefined for other discovery paths. */
export function openApiFileName(discoveryPath: string): string | undefined {
  if (!/^(api\/v[0-9a-z]+|apis\/[^/]+\/v[0-9a-z]+)$/.test(discoveryPath)) return undefined;
  return `${discoveryPath.split('/').join('__')}_openapi.json`;
}

function kubectl(io: CliIo, args: readonly string[]): string {
  const binary = io.env.KUBECTL ?? 'kubectl';
  const result = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: io.env });
  if (result.error) throw new UsageError(`cannot run ${binary}: ${result.error.message} (install kubectl, or set KUBECTL)`);
  if (result.status !== 0) throw new CheckFailed(`${binary} ${args.join(' ')} failed: ${(result.stderr || '').trim()}`);
  return result.stdout;
}

/** `clusterforge schemas pull`. */
export const SCHEMAS_COMMAND: CliCommand = {
  name: 'schemas',
  usage: 'pull [--context ctx] [--out dir]',
  summary: "Save a cluster's OpenAPI v3 documents, so validate checks against the real API server.",
  description: [
    'Reads /openapi/v3 through kubectl (the context given, or the current one) and saves',
    `every group-version document to --out (default ${DEFAULT_SCHEMAS_DIR}), replacing the`,
    'folder whole. CRDs installed in that cluster are part of its documents.',
  ].join('\n'),
  options: {
    context: { type: 'string', value: 'ctx', help: 'kubeconfig context (default: the current one)' },
    out: { type: 'string', value: 'dir', help: `where to save the documents (default ${DEFAULT_SCHEMAS_DIR})` },
  },
  run: async (args, io) => {
    if (args.positionals.length !== 1 || args.positionals[0] !== 'pull') throw new UsageError('usage: clusterforge schemas pull [--context ctx] [--out dir]');
    const context = stringOption(args, 'context');
    const base = context ? ['--context', context] : [];
    let index: { paths?: Record<string, { serverRelativeURL?: string }> };
    try {
      index = JSON.parse(kubectl(io, [...base, 'get', '--raw', '/openapi/v3'])) as typeof index;
    } catch (e) {
      if (e instanceof SyntaxError) throw new CheckFailed('the API server answered /openapi/v3 with something that is not JSON');
      throw e;
    }
    const files = new Map<string, string>();
    for (const [discovery, entry] of Object.entries(index.paths ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const name = openApiFileName(discovery);
      if (!name || !entry.serverRelativeURL) continue;
      const doc = kubectl(io, [...base, 'get', '--raw', entry.serverRelativeURL]);
      files.set(name, `${JSON.stringify(JSON.parse(doc), null, 2)}\n`);
    }
    if (files.size === 0) throw new CheckFailed('the API server lists no group-version OpenAPI documents under /openapi/v3');
    const out = stringOption(args, 'out', DEFAULT_SCHEMAS_DIR);
    writeTreeAtomically(path.resolve(io.cwd, out), files);
    io.out(`saved ${files.size} OpenAPI documents to ${out}/`);
    return ExitCode.OK;
  },
};
