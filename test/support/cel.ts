/**
 * Evaluates CEL expressions of admission policies with @marcbachmann/cel-js, a JavaScript CEL
 * implementation, in a child `node` (the package is ESM-only; jest here runs CommonJS).
 *
 * What this proves and what it does not: the expressions parse and type-check as CEL, and with the
 * variables a ValidatingAdmissionPolicy sees (`object`, `oldObject`, `request`, `authorizer`) they
 * decide the cases given. `authorizer` is a stand-in for Kubernetes' CEL authorizer library
 * (k8s.io/apiserver/pkg/cel/library/authz.go: group → resource → check → allowed) that answers from
 * a list of `group/resource/verb` permissions the test computes from RBAC; Kubernetes' own CEL
 * environment (cel-go, its cost limits, its extension libraries) is not run.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

export interface CelCase {
  readonly expression: string;
  /** Variables, as JSON; `authorizer` is built from `permissions`. */
  readonly variables: Record<string, unknown>;
  /** `group/resource/verb` triples the requester holds cluster-wide. */
  readonly permissions?: readonly string[];
}

const SCRIPT = `
import { Environment } from '@marcbachmann/cel-js';
class Authorizer { constructor(p) { this.p = p; } }
class GroupCheck { constructor(p, g) { this.p = p; this.g = g; } }
class ResourceCheck { constructor(p, g, r) { this.p = p; this.g = g; this.r = r; } }
class Decision { constructor(a) { this.a = a; } }
const T = 'kubernetes.authorization.';
const env = new Environment({ unlistedVariablesAreDyn: true })
  .registerType(T + 'Authorizer', { ctor: Authorizer, fields: {} })
  .registerType(T + 'GroupCheck', { ctor: GroupCheck, fields: {} })
  .registerType(T + 'ResourceCheck', { ctor: ResourceCheck, fields: {} })
  .registerType(T + 'Decision', { ctor: Decision, fields: {} })
  .registerFunction(T + 'Authorizer.group(string): ' + T + 'GroupCheck', (a, g) => new GroupCheck(a.p, g))
  .registerFunction(T + 'GroupCheck.resource(string): ' + T + 'ResourceCheck', (c, r) => new ResourceCheck(c.p, c.g, r))
  .registerFunction(T + 'ResourceCheck.check(string): ' + T + 'Decision', (c, v) => new Decision(c.p.includes(c.g + '/' + c.r + '/' + v)))
  .registerFunction(T + 'Decision.allowed(): bool', (d) => d.a);
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((c) => {
    try {
      const v = env.evaluate(c.expression, { ...c.variables, authorizer: new Authorizer(c.permissions ?? []) });
      return { value: typeof v === 'bigint' ? Number(v) : v };
    } catch (e) {
      return { error: String(e.message ?? e) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
`;

/** Each case's value, or its error (a parse, type or evaluation error) as `{ error }`. */
export function evaluateCel(cases: readonly CelCase[]): ({ value: unknown } | { error: string })[] {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: path.resolve(__dirname, '../..'),
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cel: node exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ({ value: unknown } | { error: string })[];
}
