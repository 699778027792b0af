import * as fs from 'fs';
import * as path from 'path';
import { BootstrapSecrets, fillBootstrapSecrets, hasBootstrapPlaceholders } from './secrets';

/**
 * Copies a synthesised `bootstrap/` folder to `target` with the secret placeholders
 * filled, files readable by the owner only. Returns the files that still hold
 * placeholders (a secret that was not given).
 */
export function fillBootstrapDirectory(source: string, target: string, secrets: BootstrapSecrets): string[] {
  const unfilled: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(source, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(rel);
        continue;
      }
      const content = fillBootstrapSecrets(fs.readFileSync(path.join(source, rel), 'utf8'), secrets);
      fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(target, rel), content, { mode: 0o600 });
      if (hasBootstrapPlaceholders(content)) unfilled.push(rel);
    }
  };
  walk('');
  return unfilled;
}
