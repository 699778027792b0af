import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { canonicalize, toYaml, toYamlChunks, toYamlStream } from '../../lib/synth/yaml';

/** What synthesis wrote before the fast path: the yaml package on the canonical copy. */
function toYamlReference(value: unknown): string {
  return stringify(canonicalize(value), { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

// Strings the `yaml` package must quote or render specially, and ordinary Kubernetes ones.
const TRICKY = [
  '', ' ', 'true', 'True', 'FALSE', 'null', 'Null', '~', 'yes', 'on', '1', '-1', '0o17', '0x1F', '1e3', '.inf', '-.Inf', '.nan', '3.14',
  '-', '--debug', '- a', '?', '? x', 'a: b', 'a:b', 'ends:', ' lead', 'trail ', '#c', 'a #c', 'a#c', '*ref', '&anchor', '!tag', '|', '>',
  "'q'", '"q"', '%x', '@x', '`x', '[x]', '{x}', 'a,b', '---', '--- x', '...', 'a\nb', 'a\n\nb\n', 'tab\there', '\u0007bell', 'é', '😀',
  'x'.repeat(1100), '0755', '100m', '8Gi', 'v1.35', 'registry.example.com/team/app:1.4.2', 'app.kubernetes.io/name', 'constructor', '__proto__',
];
const str = fc.oneof(fc.constantFrom(...TRICKY), fc.string(), fc.string({ unit: 'grapheme' }));
const scalar = fc.oneof(str, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-0));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('seq'), tie('map')),
  seq: fc.array(fc.oneof(scalar, tie('map'), tie('seq')), { maxLength: 4 }),
  map: fc.dictionary(str, fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 5 }),
})).map;

describe('YAML emission', () => {
  test('the fast emitter writes exactly the bytes of the yaml library for any JSON tree', () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(toYaml(value)).toBe(toYamlReference(value));
      }),
      { numRuns: 3000 },
    );
  });

  test('keys come in canonical order: identity first, then alphabetical', () => {
    // WHEN
    const yaml = toYaml({ spec: { b: 1, a: [{ z: '', name: 'x' }, {}] }, metadata: { namespace: 'n', name: 'm' }, kind: 'K', apiVersion: 'v1', extra: undefined });

    // THEN
    expect(yaml).toBe('apiVersion: v1\nkind: K\nmetadata:\n  name: m\n  namespace: n\nspec:\n  a:\n    - name: x\n      z: ""\n    - {}\n  b: 1\n');
  });

  test('a stream separates documents with ---, whole or in chunks', () => {
    expect(toYamlStream([{ a: 1 }, { b: [] }])).toBe('a: 1\n---\nb: []\n');
    expect([...toYamlChunks([{ a: 1 }, { b: [] }])]).toStrictEqual(['a: 1\n', '---\n', 'b: []\n']);
  });
});
