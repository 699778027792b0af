import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { hasGeneratedConstructor, L1Class, newL1 } from '../lib/l1-object';

function chart(): Chart {
  return new Chart(new App(), 'chart');
}

describe('newL1', () => {
  test('builds, for every generated L1 class, the object its constructor builds', () => {
    // GIVEN every L1 class of cdk8s-plus-27
    const classes = Object.entries(k8s as unknown as Record<string, unknown>).filter(
      (e): e is [string, L1Class<object, ApiObject>] => typeof e[1] === 'function' && Object.getPrototypeOf(e[1]) === ApiObject,
    );
    expect(classes.length).toBeGreaterThan(100);
    const scope = chart();
    for (const [name, cls] of classes) {
      const props = { metadata: { name: 'x', namespace: 'ns', labels: { a: 'b' } } };

      // WHEN
      const ours = newL1(cls, scope, `${name}-ours`, props);
      const theirs = new cls(scope, `${name}-theirs`, props);

      // THEN built by newL1 itself: same class, same props in the same key order, same manifest
      expect([name, hasGeneratedConstructor(cls)]).toStrictEqual([name, true]);
      expect([name, Object.getPrototypeOf(ours)]).toStrictEqual([name, cls.prototype]);
      const internals = (o: ApiObject) => (o as unknown as { props: object }).props;
      expect([name, Object.keys(internals(ours))]).toStrictEqual([name, Object.keys(internals(theirs))]);
      expect(internals(ours)).toStrictEqual(internals(theirs));
      expect(ours.toJson()).toStrictEqual(theirs.toJson());
      expect(ours.node.path).toBe(`chart/${name}-ours`);
    }
  });

  test('a class whose constructor does more is constructed by it', () => {
    // GIVEN a subclass with a constructor of its own
    class Labelled extends k8s.KubeConfigMap {
      public readonly extra: string;
      constructor(scope: Construct, id: string, props: k8s.KubeConfigMapProps) {
        super(scope, id, props);
        this.extra = 'set by the constructor';
        this.metadata.addLabel('added', 'true');
      }
    }

    // WHEN
    const made = newL1(Labelled, chart(), 'config', { metadata: { name: 'config' }, data: { k: 'v' } });

    // THEN
    expect(hasGeneratedConstructor(Labelled)).toBe(false);
    expect(made.extra).toBe('set by the constructor');
    expect(made.toJson().metadata.labels).toStrictEqual({ added: 'true' });
  });
});
