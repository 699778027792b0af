import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { PLAIN_WORD, canonicalize, plainWord, toYaml, toYamlByLibrary, toYamlChunks, toYamlStream } from '../../lib/synth/yaml';

/** What synthesis wrote before the fast path: the yaml package on the canonical copy. */
const toYamlReference = toYamlByLibrary;

/** The documents of `yaml` as a YAML 1.1 reader (go-yaml v2, as in kubectl) and a 1.2 reader see them. */
function readBothWays(yaml: string): [unknown[], unknown[]] {
  return [parseAllDocuments(yaml, { version: '1.1' }), parseAllDocuments(yaml)].map((docs) => (docs as { toJS(): unknown }[]).map((d) => d.toJS())) as [unknown[], unknown[]];
}

// Strings the `yaml` package must quote or render specially, and ordinary Kubernetes ones.
const TRICKY = [
  '', ' ', 'true', 'True', 'FALSE', 'null', 'Null', '~', 'yes', 'on', '1', '-1', '0o17', '0x1F', '1e3', '.inf', '-.Inf', '.nan', '3.14',
  '-', '--debug', '- a', '?', '? x', 'a: b', 'a:b', 'ends:', ' lead', 'trail ', '#c', 'a #c', 'a#c', '*ref', '&anchor', '!tag', '|', '>',
  "'q'", '"q"', '%x', '@x', '`x', '[x]', '{x}', 'a,b', '---', '--- x', '...', 'a\nb', 'a\n\nb\n', 'tab\there', '\u0007bell', 'é', '😀',
  'x'.repeat(1100), '0755', '100m', '8Gi', 'v1.35', 'registry.example.com/team/app:1.4.2', 'app.kubernetes.io/name', 'constructor', '__proto__',
];
// Plain under YAML 1.2, something else under 1.1 (booleans, sexagesimal, binary, underscores, timestamps).
// go-yaml v2 also reads any-case base prefixes, signed 0o and underscores anywhere in a number (resolve.go + strconv).
const YAML_11_ONLY = ['y', 'Y', 'n', 'N', 'yes', 'Yes', 'NO', 'on', 'On', 'OFF', 'off', '1:20', '0b101', '1_000', '2001-12-14', '+12', '0755x', '0X1F', '0B101', '0O17', '-0o17', '+0o17', '0_x1F', '1e_5', '1e1_0', '1.5e1_0'];
TRICKY.push(...YAML_11_ONLY);
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

  test('strings read back as the same strings by YAML 1.1 and 1.2 readers, as values and as keys', () => {
    // GIVEN label values and keys that go-yaml v2 would take for booleans, numbers or dates
    const value = { metadata: { labels: Object.fromEntries(YAML_11_ONLY.map((s) => [s, s])) }, data: YAML_11_ONLY };

    // WHEN
    const yaml = toYaml(value);

    // THEN both readers see exactly the strings written, and the library path agrees
    const [as11, as12] = readBothWays(yaml);
    expect(as11).toStrictEqual([canonicalize(value)]);
    expect(as12).toStrictEqual([canonicalize(value)]);
    expect(yaml).toContain('"on": "on"\n');
    // what the yaml package's 1.1 reader keeps as strings but go-yaml v2 takes for numbers
    for (const s of ['0X1F', '-0o17', '1e_5', '1.5e1_0']) expect(yaml).toContain(`"${s}": "${s}"\n`);
    expect(toYamlByLibrary(value)).toBe(yaml);
  });

  test('any tree of strings reads back identically under YAML 1.1 and 1.2', () => {
    const strings = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, str, tie('map')),
      map: fc.dictionary(str, fc.oneof(tie('node'), fc.array(str, { maxLength: 3 })), { maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(strings, (value) => {
        const [as11, as12] = readBothWays(toYaml(value));
        // JSON text: a key such as `constructor` defeats structural equality on parsed maps
        expect(JSON.stringify(as11)).toBe(JSON.stringify(as12));
      }),
      { numRuns: 1000 },
    );
  });

  test('words, names and image references written without asking the library are written as the library writes them, and read back as strings', () => {
    // GIVEN strings of the shortcut's pattern, built from what YAML 1.1 and 1.2 give meaning to
    // (booleans, nulls, e-notation, base prefixes, sexagesimal colons, dates), in any case
    const meaningful = fc.constantFrom('y', 'Y', 'n', 'N', 'yes', 'No', 'ON', 'off', 'true', 'False', 'null', 'NULL', 'e', 'E', 'e-', 'x', 'b', 'o', '0', '1', '5', '_', '.', '/', '-', ':', ':0', 'inf', 'nan', 'Infinity');
    const word = fc
      .tuple(fc.stringMatching(/^[A-Za-z]$/), fc.array(fc.oneof(meaningful, fc.stringMatching(/^[\w./:-]{1,4}$/)), { maxLength: 4 }))
      .map(([first, rest]) => first + rest.join(''));
    const cases = fc.oneof(word, fc.constantFrom('y', 'N', 'Yes', 'oN', 'true', 'NULL', 'e3', 'E-5', 'e-12', 'E3x', 'a:b', 'a:', 'a::b', 'x_1', 'registry.example.com/team/app:1.4.2'));
    let written = 0;
    fc.assert(
      fc.property(cases, (value) => {
        // THEN the bytes are the library's, as value and as key, and both readers get the string back
        expect(toYaml({ v: [value], [value]: 1 })).toBe(toYamlByLibrary({ v: [value], [value]: 1 }));
        const [as11, as12] = readBothWays(toYaml({ v: value }));
        expect([as11, as12]).toStrictEqual([[{ v: value }], [{ v: value }]]);
        if (plainWord(value)) written++;
      }),
      { numRuns: 5000 },
    );
    // AND the shortcut was taken for most of them, and left alone what YAML 1.1 reads otherwise
    expect(written).toBeGreaterThan(2500);
    for (const s of ['y', 'oN', 'NULL', 'e3', 'E-5', 'a:', 'a::b', '1a', '_a']) expect(plainWord(s)).toBe(false);
    for (const s of ['team-42', 'apps/v1', 'RuntimeDefault', 'E3x', 'x_1', 'registry.example.com/team/app:1.4.2']) expect(plainWord(s)).toBe(true);
    expect(PLAIN_WORD.test('e-3')).toBe(true);
    expect(toYaml({ v: 'e-3' })).toBe('v: "e-3"\n');
  });

  test('keys come in canonical order: identity first, then alphabetical', () => {
    // WHEN
    const yaml = toYaml({ spec: { b: 1, a: [{ z: '', name: 'x' }, {}] }, metadata: { namespace: 'n', name: 'm' }, kind: 'K', apiVersion: 'v1', extra: undefined });

    // THEN
    expect(yaml).toBe('apiVersion: v1\nkind: K\nmetadata:\n  name: m\n  namespace: "n"\nspec:\n  a:\n    - name: x\n      z: ""\n    - {}\n  b: 1\n');
  });

  test('a stream separates documents with ---, whole or in chunks', () => {
    expect(toYamlStream([{ a: 1 }, { b: [] }])).toBe('a: 1\n---\nb: []\n');
    expect([...toYamlChunks([{ a: 1 }, { b: [] }])]).toStrictEqual(['a: 1\n', '---\n', 'b: []\n']);
  });
});
