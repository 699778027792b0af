import { ApiObject, App, Chart, JsonPatch, Lazy, ResolutionContext } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import * as v8 from 'v8';
import { EXAMPLES } from '../../examples';
import { synthesizeCluster } from '../../lib';
import { ApiObjectRenderer } from '../../lib/synth/api-object-json';
import { ConversionTables, Form, Step } from '../../lib/synth/l1-conversions';

/** JSON with key order, and members whose value is undefined kept visible (a rule may count keys). */
const visibleUndefined = (_key: string, value: unknown): unknown => (value === undefined ? '<undefined>' : value);

/** What cdk8s renders and what the renderer renders, or the error each throws. */
function both(obj: ApiObject, scope = obj.node.root): { cdk8s: unknown; renderer: unknown } {
  const attempt = (f: () => unknown): unknown => {
    try {
      return JSON.stringify(f(), visibleUndefined);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return { cdk8s: attempt(() => obj.toJson()), renderer: attempt(() => new ApiObjectRenderer(scope).render(obj)) };
}

function sameAsCdk8s(obj: ApiObject, scope?: App): void {
  const { cdk8s, renderer } = both(obj, scope);
  expect(renderer).toStrictEqual(cdk8s);
}

describe('ApiObjectRenderer', () => {
  test('renders every object of every example exactly as cdk8s does', () => {
    // GIVEN every example, synthesised (so late-rendered objects exist)
    for (const define of Object.values(EXAMPLES)) {
      const cluster = define();
      synthesizeCluster(cluster);
      // WHEN each object renders both ways THEN the JSON is the same, key order included
      for (const c of cluster.node.findAll()) {
        if (c instanceof ApiObject) sameAsCdk8s(c);
      }
    }
  });

  test('sorts keys, drops null and undefined, empty metadata lists and maps, as cdk8s does', () => {
    // GIVEN an object with unsorted keys, nulls and empty collections in metadata and spec
    const chart = new Chart(new App(), 'c');
    const obj = new ApiObject(chart, 'o', {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'x', annotations: {}, finalizers: [], labels: { b: '2', a: '1' } },
      spec: { z: null, y: undefined, list: [], map: {}, nested: [{ b: 1, a: null }, null, 'two'], ['10']: 1, ['9']: 2 },
    });
    // THEN the renderer matches cdk8s
    sameAsCdk8s(obj);
    expect(new ApiObjectRenderer(chart).render(obj).spec).toStrictEqual({ ['9']: 2, ['10']: 1, list: [], map: {}, nested: [{ b: 1 }, undefined, 'two'] });
    expect(new ApiObjectRenderer(chart).render(obj).metadata).toStrictEqual({ name: 'x', labels: { a: '1', b: '2' } });
  });

  test('converts the union types of the generated L1 classes (IntOrString, Quantity)', () => {
    const chart = new Chart(new App(), 'c');
    const svc = new k8s.KubeService(chart, 's', {
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }, { port: 81, targetPort: k8s.IntOrString.fromNumber(8081) }] },
    });
    const quota = new k8s.KubeResourceQuota(chart, 'q', { metadata: { name: 'q' }, spec: { hard: { cpu: k8s.Quantity.fromString('2') } } });
    sameAsCdk8s(svc);
    sameAsCdk8s(quota);
  });

  test('leaves to cdk8s what only its resolvers render: Lazy values, implicit tokens, JSON patches, custom resolvers', () => {
    const chart = new Chart(new App(), 'c');
    const lazy = new ApiObject(chart, 'lazy', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: Lazy.any({ produce: () => 'late' }) } });
    const token = new ApiObject(chart, 'token', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: { resolve: () => 'resolved' } } });
    const patched = new k8s.KubeConfigMap(chart, 'patched', { data: { a: 'b' } });
    patched.addJsonPatch(JsonPatch.add('/data/c', 'd'));
    for (const obj of [lazy, token, patched]) sameAsCdk8s(obj);

    const custom = new App({ resolvers: [{ resolve: (ctx: ResolutionContext) => (ctx.value === 'x' ? ctx.replaceValue('y') : undefined) }] });
    const replaced = new ApiObject(new Chart(custom, 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'x' } });
    sameAsCdk8s(replaced);
    expect(JSON.parse(both(replaced).renderer as string).data).toStrictEqual({ a: 'y' });
  });

  test("renders plain L1 and ApiObject objects without cdk8s's generic resolver", () => {
    // GIVEN a Deployment and a plain ApiObject holding plain data
    const chart = new Chart(new App(), 'c');
    const deployment = new k8s.KubeDeployment(chart, 'd', { metadata: { name: 'd' }, spec: { selector: {}, template: {} } });
    const plain = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
    const generic = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      // WHEN they render
      const renderer = new ApiObjectRenderer(chart);
      renderer.render(deployment);
      renderer.render(plain);
      // THEN cdk8s's toJson is not the one that ran
      expect(generic).not.toHaveBeenCalled();
    } finally {
      generic.mockRestore();
    }
  });

  test('fails where cdk8s fails, with its message', () => {
    const chart = new Chart(new App(), 'c');
    const obj = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { when: new Date(0) } });
    const { cdk8s, renderer } = both(obj);
    expect(cdk8s).toMatch(/^error: .*can't render non-simple object of type 'Date'/);
    expect(renderer).toStrictEqual(cdk8s);
  });

  test('renders arbitrary props of the generated L1 classes as cdk8s does, or fails with its message', () => {
    // GIVEN props of each field's expected shape and of any other: raw union classes, nulls, holes,
    // dates, functions, Lazy values, keys cdk8s refuses, fields the class does not know
    const tables = new ConversionTables(k8s as unknown as Record<string, unknown>);
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom(undefined, null, '', 0, false, k8s.IntOrString.fromString('http'), k8s.IntOrString.fromNumber(8080), k8s.Quantity.fromString('1Gi')),
      fc.constantFrom(new Date(0), () => 'f', Lazy.any({ produce: () => 'late' }), { resolve: () => 'token' }, [1, , 3], JSON.parse('{"constructor": 1}')),
    );
    const key = fc.oneof(fc.constantFrom('a', 'b', '1', 'cpu', 'memory'), fc.string({ maxLength: 3 }));
    const anyValue = fc.oneof(leaf, fc.array(leaf, { maxLength: 2 }), fc.dictionary(key, leaf, { maxKeys: 3 }));
    const propsOf = (type: string, depth: number): fc.Arbitrary<Record<string, unknown>> => {
      const steps: readonly Step[] = tables.tableOf(type)!.steps;
      const field = (s: Step): fc.Arbitrary<unknown> => {
        const nested = s.type !== undefined && depth > 0 ? propsOf(s.type, depth - 1) : leaf;
        if (s.form === Form.CONVERT) return fc.oneof(nested, anyValue);
        if (s.form === Form.LIST_CONVERT) return fc.oneof(fc.array(fc.oneof(nested, leaf), { maxLength: 2 }), anyValue);
        if (s.form === Form.MAP_VALUE || s.form === Form.MAP_COPY) return fc.oneof(fc.dictionary(key, leaf, { maxKeys: 3 }), anyValue);
        return anyValue;
      };
      // The constructor reads the metadata itself; the other tests cover it.
      const fields = Object.fromEntries(steps.filter((s) => depth < 3 || s.field !== 'metadata').map((s) => [s.field, field(s)]));
      return fc.record({ ...fields, unknownField: anyValue }, { requiredKeys: [] });
    };
    const generic = jest.spyOn(ApiObject.prototype, 'toJson');
    let fast = 0;
    const classes = [k8s.KubeDeployment, k8s.KubeService, k8s.KubeResourceQuota, k8s.KubeLimitRange, k8s.KubeNetworkPolicy, k8s.KubeRole, k8s.KubeCustomResourceDefinition] as const;
    for (const L1 of classes) {
      fc.assert(
        fc.property(propsOf(`${L1.name}Props`, 3), (props) => {
          // WHEN the object renders both ways
          const obj = new L1(new Chart(new App(), 'c'), 'o', props as never);
          const { cdk8s, renderer } = both(obj);
          if (generic.mock.calls.length === 1 && typeof renderer === 'string' && !renderer.startsWith('error')) fast++;
          generic.mockClear();
          // THEN the JSON is the same, key order included, or both fail with the same message
          expect(renderer).toStrictEqual(cdk8s);
        }),
        { numRuns: 150, seed: 22 },
      );
    }
    generic.mockRestore();
    // AND many of them took the fast path rather than falling back
    expect(fast).toBeGreaterThan(150);
  });

  test('renders objects of one kind and shape with one hidden class, so that reading them later stays fast', () => {
    // GIVEN V8's own test of whether two objects share a hidden class
    v8.setFlagsFromString('--allow-natives-syntax');
    const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean;
    // WHEN twenty Deployments of the same shape render
    const chart = new Chart(new App(), 'c');
    const renderer = new ApiObjectRenderer(chart);
    const manifests = Array.from({ length: 20 }, (_, i) =>
      renderer.render(new k8s.KubeDeployment(chart, `d${i}`, { metadata: { name: `d${i}` }, spec: { selector: {}, template: { spec: { containers: [{ name: 'c' }] } } } })),
    );
    // THEN they, and their pod specs, share the first one's hidden class
    expect(manifests.filter((m) => !haveSameMap(m, manifests[0])).length).toBe(0);
    expect(manifests.filter((m) => !haveSameMap(m.spec.template.spec, manifests[0].spec.template.spec)).length).toBe(0);
  });
});
