import { k8s } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { Conversion, ConversionTables, Form, Step, parseConversion } from '../../lib/synth/l1-conversions';

const generated = k8s as unknown as Record<string, Conversion>;
const types = Object.keys(generated)
  .filter((n) => n.startsWith('toJson_'))
  .map((n) => n.slice('toJson_'.length))
  .sort();

/** The fields each generated conversion reads, from its source. */
function stepsOf(type: string): Step[] {
  return parseConversion(type, Function.prototype.toString.call(generated[`toJson_${type}`]))!;
}

// Values of any shape, so that every field also gets what its form does not expect.
const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, null, '', 0, false), fc.record({ value: fc.oneof(fc.string(), fc.integer()) }));
const mapKey = fc.oneof(fc.string(), fc.constantFrom('1', '0', 'b', 'a'));
const anyValue = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(mapKey, leaf, { maxKeys: 3 }));

/** Inputs for a type: each field absent, of any shape, or of the shape its form expects, nested `depth` levels. */
function inputOf(type: string, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const steps = stepsOf(type);
  if (steps.length === 0) return fc.constant({});
  const fieldValue = (s: Step): fc.Arbitrary<unknown> => {
    const nested = s.type !== undefined && depth > 0 ? inputOf(s.type, depth - 1) : leaf;
    switch (s.form) {
      case Form.CONVERT:
        return fc.oneof(nested, anyValue);
      case Form.LIST_CONVERT:
        return fc.oneof(fc.array(fc.oneof(nested, leaf), { maxLength: 3 }), anyValue);
      case Form.LIST_COPY:
        return fc.oneof(fc.array(leaf, { maxLength: 3 }), anyValue);
      case Form.MAP_CONVERT:
        return fc.oneof(fc.dictionary(mapKey, fc.oneof(nested, leaf), { maxKeys: 3 }), anyValue);
      case Form.MAP_COPY:
      case Form.MAP_VALUE:
        return fc.oneof(fc.dictionary(mapKey, leaf, { maxKeys: 4 }), anyValue);
      case Form.MAP_LIST_COPY:
        return fc.oneof(fc.dictionary(mapKey, fc.oneof(fc.array(leaf, { maxLength: 2 }), leaf), { maxKeys: 3 }), anyValue);
      default:
        return anyValue;
    }
  };
  return fc.record(Object.fromEntries(steps.map((s) => [s.field, fieldValue(s)])), { requiredKeys: [] });
}

/** A value with its key order and undefined members made visible, so that toStrictEqual compares them too. */
function shape(x: unknown): unknown {
  if (x === undefined) return '<undefined>';
  if (Array.isArray(x)) return x.map(shape);
  if (typeof x === 'object' && x !== null) return Object.entries(x).map(([k, v]) => [k, shape(v)]);
  return x;
}

/** What a conversion returns, or that it throws. */
function outcome(convert: Conversion, input: unknown): { value: unknown } | 'throws' {
  try {
    return { value: shape(convert(input)) };
  } catch {
    return 'throws';
  }
}

describe('conversion tables of the generated L1 classes', () => {
  const tables = new ConversionTables(generated);
  const conversionOf = (type: string) => tables.conversionOf(type);

  test('every toJson_ function of cdk8s-plus-27 has the generated shape, so each runs as a table', () => {
    // GIVEN the 422 conversions the library exports WHEN each is read THEN none keeps its own code
    expect(types.length).toBeGreaterThan(400);
    expect(types.filter((t) => conversionOf(t) === generated[`toJson_${t}`])).toStrictEqual([]);
  });

  test('a table returns what the generated function returns, key order and kept undefined members included, or throws where it throws', () => {
    // GIVEN inputs for every type: the shapes its fields expect, nested, and any other JSON, union wrappers, undefined members
    for (const type of types) {
      fc.assert(
        fc.property(inputOf(type, 1), (obj) => {
          // WHEN both convert it
          const expected = outcome(generated[`toJson_${type}`], obj);
          const actual = outcome(conversionOf(type)!, obj);
          // THEN the table agrees, or throws so that the caller falls back to the generated code
          if (actual !== 'throws') expect(actual).toStrictEqual(expected);
          if (expected === 'throws') expect(actual).toBe('throws');
        }),
        { numRuns: 25, seed: 22 },
      );
    }
  });

  test('nested and recursive types convert through the tables, as the generated code does', () => {
    // GIVEN a Deployment spec with unions, lists of structs, maps of quantities, and a CRD schema nested in itself
    const spec = {
      selector: { matchLabels: { b: 'x', a: 'y' } },
      template: {
        spec: {
          containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }], resources: { limits: { memory: { value: '1Gi' }, raw: '2' } } }],
          nodeSelector: { z: 'a', '2': 'b', '10': 'c' },
        },
      },
    };
    const schema = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string', xKubernetesIntOrString: true } } } } };
    // WHEN each converts both ways THEN the results agree in shape and key order
    for (const [type, input] of [
      ['DeploymentSpec', spec],
      ['JsonSchemaProps', schema],
    ] as const) {
      expect(shape(conversionOf(type)!(input))).toStrictEqual(shape(generated[`toJson_${type}`](input)));
    }
  });

  test('a function of any other shape keeps its own code', () => {
    // GIVEN a module whose conversion is written by hand
    const handWritten = (obj: unknown) => ({ wrapped: obj });
    // WHEN its conversion is asked for THEN it is the function itself
    expect(new ConversionTables({ toJson_Thing: handWritten }).conversionOf('Thing')).toBe(handWritten);
    expect(new ConversionTables({ toJson_Thing: handWritten }).tableOf('Thing')).toBeUndefined();
    expect(new ConversionTables({}).conversionOf('Thing')).toBeUndefined();
  });
});
