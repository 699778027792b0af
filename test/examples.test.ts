import { EXAMPLES } from '../examples';
import { findObject, synth } from './support/synth';

describe('examples', () => {
  test.each(Object.keys(EXAMPLES))('%s synthesises and passes strict schema validation', (name) => {
    // WHEN (synth validates every object against the v1.35 OpenAPI schema and CRDs)
    const synthesis = synth(EXAMPLES[name]());

    // THEN
    expect(synthesis.clusterName).toBe(name);
    expect(synthesis.objects.length).toBeGreaterThan(0);
  });

  test('minimal has a restricted application namespace', () => {
    const ns = findObject(synth(EXAMPLES.minimal()), 'Namespace', 'apps');
    expect(ns.metadata.labels).toStrictEqual({
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.35',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.35',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.35',
    });
  });
});
