import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { KubeObject, describeObject } from '../synth/kube-object';
import { UsageError } from './errors';

/** One object read back from an output folder. */
export interface OutputObject {
  /** Path of its file relative to the cluster folder, e.g. `manifests/100-networking.yaml`. */
  readonly file: string;
  readonly object: KubeObject;
}

/** Whether `dir` looks like a `dist/<cluster>/` that clusterforge wrote. */
export function isClusterforgeOutput(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'GATES.md')) && fs.existsSync(path.join(dir, 'manifests')) && fs.statSync(path.join(dir, 'manifests')).isDirectory();
}

/** Throws UsageError unless `dir` is a clusterforge output folder. */
export function requireClusterforgeOutput(dir: string, shown: string): void {
  if (!fs.existsSync(dir)) throw new UsageError(`${shown} does not exist: run clusterforge synth first`);
  if (!isClusterforgeOutput(dir)) {
    throw new UsageError(`${shown} is not a clusterforge output folder (expected GATES.md and manifests/ in it, as clusterforge synth writes dist/<cluster>/)`);
  }
}

/** Every file of a folder, relative paths (with `/`) to content, sorted. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const e of fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = relative === '' ? e.name : `${relative}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile()) files.set(rel, fs.readFileSync(path.join(dir, rel), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** Whether a manifests/ path holds API objects (not kustomize plumbing). */
export function isManifestFile(file: string): boolean {
  return /^manifests\/[^/]+\.ya?ml$/.test(file) && !/\/kustomization\.ya?ml$/.test(file);
}

/** The API objects of the manifest files of a tree; a YAML syntax error is a UsageError naming the file. */
export function manifestObjects(files: ReadonlyMap<string, string>): OutputObject[] {
  const out: OutputObject[] = [];
  for (const [file, text] of files) {
    if (!isManifestFile(file)) continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new UsageError(`${file}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue;
      out.push({ file, object: value as KubeObject });
    }
  }
  return out;
}

/** `manifests/100-x.yaml: Deployment ns/name`, where an object of an output folder is. */
export function locate(o: OutputObject): string {
  return `${o.file}: ${describeObject(o.object)}`;
}
