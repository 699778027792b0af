import * as fs from 'fs';
import * as path from 'path';
import { BootstrapSecrets, fillBootstrapSecrets, hasBootstrapPlaceholders } from './secrets';

/** @internal The files of a synthesised `bootstrap/` folder with placeholders filled. */
export interface FilledBootstrapFiles {
  /** Relative path to filled content. */
  readonly files: Map<string, string>;
  /** Files that still hold placeholders (a secret that was not given). */
  readonly unfilled: string[];
}

/** @internal Reads a synthesised `bootstrap/` folder and fills its placeholders, in memory. */
export function fillBootstrapFiles(source: string, secrets: BootstrapSecrets): FilledBootstrapFiles {
  const files = new Map<string, string>();
  const unfilled: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(source, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(rel);
        continue;
      }
      const content = fillBootstrapSecrets(fs.readFileSync(path.join(source, rel), 'utf8'), secrets);
      files.set(rel, content);
      if (hasBootstrapPlaceholders(content)) unfilled.push(rel);
    }
  };
  walk('');
  return { files, unfilled };
}

/**
 * @internal
 * Copies a synthesised `bootstrap/` folder to `target` with the secret placeholders
 * filled, files readable by the owner only. Returns the files that still hold
 * placeholders (a secret that was not given).
 */
export function fillBootstrapDirectory(source: string, target: string, secrets: BootstrapSecrets): string[] {
  const { files, unfilled } = fillBootstrapFiles(source, secrets);
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(target, rel), content, { mode: 0o600 });
  }
  return unfilled;
}
