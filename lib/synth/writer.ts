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

/** Writes `chunks` to `file`, gathered into writes of about 1 MiB. */
function writeChunks(file: string, chunks: Iterable<string>, mode: number | undefined): void {
  const fd = fs.openSync(file, 'w', mode);
  try {
    let pending: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) {
        fs.writeFileSync(fd, pending.join(''));
        pending = [];
        size = 0;
      }
    }
    if (pending.length > 0) fs.writeFileSync(fd, pending.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * @internal
 * Writes `files` as the whole content of `targetDir`, atomically: the new tree is
 * built beside the old one and renamed into place, so a reader (or a failed run)
 * never sees a half-written directory, and files the new tree lacks disappear.
 * A file's content may come as chunks, read (and so rendered) as they are written; if
 * reading fails, nothing is written and `targetDir` stays as it was.
 */
export function writeTreeAtomically(
  targetDir: string,
  files: Iterable<readonly [string, string | Iterable<string>]>,
  options: WriteTreeOptions = {},
): void {
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
      if (typeof content === 'string') fs.writeFileSync(file, content, options.fileMode === undefined ? undefined : { mode: options.fileMode });
      else writeChunks(file, content, options.fileMode);
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
