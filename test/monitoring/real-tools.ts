import { execFileSync } from 'child_process';

/** The path of a program, or undefined. In CI a missing program fails instead of skipping. */
export function requiredTool(binary: string, debianPackage: string): string | undefined {
  let found: string | undefined;
  try {
    found = execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    found = undefined;
  }
  if (!found && process.env.CI) throw new Error(`${binary} must be installed in CI (.ci/run installs Debian's ${debianPackage})`);
  if (!found) console.warn(`SKIPPED ${binary} checks: not installed (apt-get install ${debianPackage})`);
  return found;
}

/** Runs a program; returns its combined output, or throws with it. */
export function run(binary: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(binary, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${binary} ${args.join(' ')} failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}
