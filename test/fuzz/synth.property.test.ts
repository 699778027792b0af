/**
 * Property: for any cluster definition, synthesis either succeeds with every object and
 * bootstrap config document valid against the strict schemas (and every object name,
 * namespace, label and annotation key one kube-apiserver accepts), or refuses the
 * definition with a ClusterValidationError whose every error names the construct it is
 * about. A definition with a value outside its enum must be refused. Nothing else
 * (TypeError, duplicate construct id, invalid output) may happen.
 *
 * `npm test` runs 2,000 cases with a fixed seed; `npm run fuzz` (bin/fuzz.ts) runs this
 * same test with FUZZ_RUNS and a random FUZZ_SEED. On failure fast-check reports the seed,
 * the replay path and the shrunk counterexample: a plain ClusterDefinition, which
 * `buildCluster` turns back into the failing cluster.
 */
import fc from 'fast-check';
import { ClusterValidationError } from '../../lib';
import { manifests, synth } from '../support/synth';
import { apiServerNameProblems } from './api-server-names';
import { ClusterDefinition, buildCluster, clusterDefinition } from './arbitraries';
import { unknownEnumValues } from './enum-oracle';

const DEFAULT_SEED = 20261121;
const DEFAULT_RUNS = 2000;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got '${raw}'`);
  return value;
}

const seed = intFromEnv('FUZZ_SEED', DEFAULT_SEED);
const numRuns = intFromEnv('FUZZ_RUNS', DEFAULT_RUNS);

type Outcome = 'synthesised' | 'refused';

/** Builds and synthesises one definition; throws unless the outcome is one of the two allowed. */
function check(def: ClusterDefinition): Outcome {
  const cluster = buildCluster(def);
  let synthesis;
  try {
    synthesis = synth(cluster);
  } catch (e) {
    if (!(e instanceof ClusterValidationError)) throw e;
    if (e.errors.length === 0) throw new Error(`ClusterValidationError without errors: ${e.message}`);
    const paths = new Set(cluster.node.findAll().map((c) => c.node.path));
    for (const problem of e.errors) {
      if (typeof problem.path !== 'string' || problem.path === '' || !paths.has(problem.path)) {
        throw new Error(`error without a construct path (got ${JSON.stringify(problem.path)}): ${JSON.stringify(problem)}`);
      }
      if (typeof problem.message !== 'string' || problem.message.trim() === '') {
        throw new Error(`error without a message: ${JSON.stringify(problem)}`);
      }
    }
    return 'refused';
  }
  const problems = apiServerNameProblems(manifests(synthesis));
  if (problems.length > 0) throw new Error(`kube-apiserver would reject ${problems.length} name(s):\n${problems.join('\n')}`);
  const unknown = unknownEnumValues(def);
  if (unknown.length > 0) throw new Error(`synthesis accepted values outside their enums: ${unknown.join(', ')}`);
  return 'synthesised';
}

describe('fuzz: synthesis of random cluster definitions', () => {
  test(
    `synthesises valid output or refuses with located errors (${numRuns} runs, seed ${seed})`,
    () => {
      const outcomes: Record<Outcome, number> = { synthesised: 0, refused: 0 };
      fc.assert(
        fc.property(clusterDefinition(), (def) => {
          outcomes[check(def)]++;
        }),
        { seed, numRuns },
      );
      const total = outcomes.synthesised + outcomes.refused;
      console.log(`fuzz: seed ${seed}, ${total} definitions: ${outcomes.synthesised} synthesised, ${outcomes.refused} refused`);
      // Both outcomes must be common, or the generators drifted and the property proves little.
      if (total >= 200) {
        expect(outcomes.synthesised).toBeGreaterThan(total * 0.15);
        expect(outcomes.refused).toBeGreaterThan(total * 0.15);
      }
    },
    // About 60 ms of CPU a case (2,000 take about two minutes); generous, for slow CI machines.
    Math.max(120_000, numRuns * 400),
  );
});
