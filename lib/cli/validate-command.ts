import * as fs from 'fs';
import * as path from 'path';
import { createSchemaValidator, isOpenApiFolder } from '../schema/schema-validator';
import { GATES_FILE, GatesFile, parseGatesFile } from '../validation/gates-file';
import { Severity, ValidationProblem, formatProblem } from '../validation/problem';
import { CliCommand, stringOption, stringsOption } from './command';
import { ExitCode, UsageError } from './errors';
import { CliIo } from './io';
import { isClusterforgeOutput, locate, manifestObjects, readTree, requireClusterforgeOutput } from './output-folder';
import { WaivedFinding, outputGates } from './output-gates';

/** Where `clusterforge schemas pull` saves OpenAPI documents, and where validate looks by default. */
export const DEFAULT_SCHEMAS_DIR = path.join('.clusterforge', 'openapi');

/** The output folders to validate: those named, or every clusterforge folder in dist/. */
function folders(positionals: readonly string[], io: CliIo): string[] {
  if (positionals.length > 0) return [...positionals];
  const dist = path.resolve(io.cwd, io.env.CDK8S_OUTDIR || 'dist');
  const found = fs.existsSync(dist)
    ? fs.readdirSync(dist).sort().map((d) => path.join(io.env.CDK8S_OUTDIR || 'dist', d)).filter((d) => isClusterforgeOutput(path.resolve(io.cwd, d)))
    : [];
  if (found.length === 0) throw new UsageError('no output folder given and none in dist/: run clusterforge synth first, or name a folder (clusterforge validate dist/<cluster>)');
  return found;
}

/** Problems of one output folder: strict schema validation, then the model-free gates. */
export function validateOutputFolder(
  dir: string,
  schemasDir: string,
  crdPaths: readonly string[],
): { objects: number; problems: ValidationProblem[]; waived: readonly WaivedFinding[] } {
  const files = readTree(dir);
  const objects = manifestObjects(files);
  const ownCrds = path.join(dir, 'manifests', '000-crds.yaml');
  const validator = createSchemaValidator({ openApiDir: schemasDir, crdPaths: [...(fs.existsSync(ownCrds) ? [ownCrds] : []), ...crdPaths] });
  const problems: ValidationProblem[] = [];
  for (const o of objects) {
    for (const p of validator.validateObject(o.object)) {
      problems.push({ severity: Severity.ERROR, rule: 'schema/strict', path: locate(o), ...(p.path ? { field: p.path } : {}), message: p.message });
    }
  }
  const gates = outputGates(objects, gatesFileOf(files, dir));
  problems.push(...gates.problems);
  return { objects: objects.length, problems, waived: gates.waived };
}

/** The waivers synthesis wrote beside GATES.md; undefined for output of a clusterforge that wrote none. */
function gatesFileOf(files: ReadonlyMap<string, string>, dir: string): GatesFile | undefined {
  const text = files.get(GATES_FILE);
  if (text === undefined) return undefined;
  try {
    return parseGatesFile(text);
  } catch (e) {
    throw new UsageError(`${path.join(dir, GATES_FILE)} is not a clusterforge gates file: ${(e as Error).message}`);
  }
}

/** `[waived] <folder>/<path> (<field>): <message> [rule] (waived at <scope>: <reason>)` */
function formatWaived(folder: string, w: WaivedFinding): string {
  const where = w.field === undefined ? `${folder}/${w.path}` : `${folder}/${w.path} (${w.field})`;
  return `[waived] ${where}: ${w.message} [${w.rule}] (waived at ${w.scope}: ${w.reason.replace(/\s+/g, ' ')})`;
}

/** `clusterforge validate`. */
export const VALIDATE_COMMAND: CliCommand = {
  name: 'validate',
  usage: '[dist/<cluster>…] [--schemas dir] [--crds path…] [--json]',
  summary: 'Validate output folders strictly against an API server\'s OpenAPI schemas and CRDs, and run the model-free gates.',
  description: [
    'Every object of manifests/ is checked like `kubectl apply --validate=strict`: unknown',
    'fields, wrong types and missing required fields. Built-in kinds use the OpenAPI v3',
    `documents in --schemas (default ${DEFAULT_SCHEMAS_DIR}, written by clusterforge schemas pull);`,
    'custom resources use the CRDs of manifests/000-crds.yaml and those given with --crds',
    '(CRDs referenced by URL are not downloaded: vendor them and pass them with --crds).',
    'Then the gates that need no model: Pod Security at each namespace\'s level and Secrets',
    'with values are errors; so are hygiene findings, unless a waiver of the model lifts them:',
    `synthesis writes the waivers to ${GATES_FILE} beside GATES.md, and a waived finding is`,
    'reported as waived.',
    'Exit code 1 when any error is found.',
  ].join('\n'),
  options: {
    schemas: { type: 'string', value: 'dir', help: `folder of Kubernetes OpenAPI v3 documents (default ${DEFAULT_SCHEMAS_DIR})` },
    crds: { type: 'string', multiple: true, value: 'path', help: 'CRD file or folder (repeatable)' },
    json: { type: 'boolean', help: 'print the problems as JSON on stdout' },
  },
  run: async (args, io) => {
    const schemasShown = stringOption(args, 'schemas', DEFAULT_SCHEMAS_DIR);
    const schemasDir = path.resolve(io.cwd, schemasShown);
    if (!isOpenApiFolder(schemasDir)) {
      throw new UsageError(
        `${schemasShown} holds no Kubernetes OpenAPI v3 documents (api__v1_openapi.json, apis__<group>__<version>_openapi.json); ` +
          'save your cluster\'s with clusterforge schemas pull --context <ctx>, or pass --schemas <dir>',
      );
    }
    const crdPaths = stringsOption(args, 'crds').map((p) => {
      const abs = path.resolve(io.cwd, p);
      if (!fs.existsSync(abs)) throw new UsageError(`--crds ${p} does not exist`);
      return abs;
    });
    const shownFolders = folders(args.positionals, io);
    for (const f of shownFolders) requireClusterforgeOutput(path.resolve(io.cwd, f), f);
    const results = shownFolders.map((f) => ({ folder: f, ...validateOutputFolder(path.resolve(io.cwd, f), schemasDir, crdPaths) }));
    const errorCount = results.reduce((n, r) => n + r.problems.filter((p) => p.severity === Severity.ERROR).length, 0);
    if (args.values.json === true) {
      io.out(JSON.stringify({ valid: errorCount === 0, folders: results }, null, 2));
    } else {
      for (const r of results) {
        const errors = r.problems.filter((p) => p.severity === Severity.ERROR);
        const warnings = r.problems.filter((p) => p.severity === Severity.WARNING);
        for (const p of r.problems) io.err(formatProblem({ ...p, path: `${r.folder}/${p.path}` }));
        for (const w of r.waived) io.err(formatWaived(r.folder, w));
        io.out(
          `${r.folder}: ${r.objects} objects, ${errors.length} error${errors.length === 1 ? '' : 's'}, ` +
            `${warnings.length} warning${warnings.length === 1 ? '' : 's'}, ${r.waived.length} waived`,
        );
      }
    }
    return errorCount > 0 ? ExitCode.FAILED : ExitCode.OK;
  },
};
