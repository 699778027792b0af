import * as fs from 'fs';
import * as path from 'path';

/** @internal Options of writeTreeAtomically. */
export interface WriteTreeOptions {
  /**
   * Mode of every file (the folders are owner-only while staged and keep that mode).
   * @default 0o666 less the umask
   */
  readonly fileMode?: number | undefined;
}

/**
 * @internal
 * Writes `files` as the whole content of `targetDir`, atomically: the new tree is
 * built beside the old one and renamed into place, so a reader (or a failed run)
 * never sees a half-written directory, and files the new tree lacks disappear.
 */
export function writeTreeAtomically(targetDir: string, files: ReadonlyMap<string, string>, options: WriteTreeOptions = {}): void {
  const parent = path.dirname(path.resolve(targetDir));
  const base = path.basename(targetDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
  try {
    for (const [relative, content] of files) {
      const normalized = path.normalize(relative);
      if (path.isAbsolute(normalized) || normalized.startsWith('..')) {
        throw new Error(`refusing to write '${relative}' outside '${targetDir}'`);
      }
      const file = path.join(staging, normalized);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, options.fileMode === undefined ? undefined : { mode: options.fileMode });
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  let retired: string | undefined;
  if (fs.existsSync(targetDir)) {
    retired = `${staging.replace('.new-', '.old-')}`;
    fs.renameSync(targetDir, retired);
  }
  try {
    fs.renameSync(staging, targetDir);
  } catch (e) {
    if (retired) fs.renameSync(retired, targetDir);
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (retired) fs.rmSync(retired, { recursive: true, force: true });
}
