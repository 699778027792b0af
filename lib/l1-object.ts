import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** @internal A generated L1 class of cdk8s-plus-27 (`k8s.KubeNamespace`...). */
export interface L1Class<P, T extends ApiObject> {
  readonly GVK: { readonly apiVersion: string; readonly kind: string };
  new (scope: Construct, id: string, props: P): T;
}

/**
 * The constructor every generated L1 class has: nothing but the call to ApiObject's with the
 * GVK spread into the props. Checked against each class's source, so a release of cdk8s-plus
 * whose constructor does more is constructed the ordinary way.
 */
const GENERATED_CONSTRUCTOR =
  /^class (\w+) extends cdk8s_1\.ApiObject \{\s*(?:\/\*\*[\s\S]*?\*\/\s*)?constructor\(scope, id, props(?: = \{\})?\) \{\s*super\(scope, id, \{\s*\.\.\.(\w+)\.GVK,\s*\.\.\.props,\s*\}\);\s*\}/;
/** An instance field, whose initialiser the generated constructor would run. */
const INSTANCE_FIELD = /\n {4}(?!static\b)[A-Za-z_$#][\w$]*\s*[=;]/;

const plainConstructor = new WeakMap<Function, boolean>();

/** @internal Whether newL1 builds instances of `cls` itself: its constructor is the generated one. */
export function hasGeneratedConstructor(cls: L1Class<never, ApiObject>): boolean {
  let plain = plainConstructor.get(cls);
  if (plain === undefined) {
    const source = Function.prototype.toString.call(cls);
    const match = GENERATED_CONSTRUCTOR.exec(source);
    plain =
      match !== null &&
      !INSTANCE_FIELD.test(source) &&
      match[1] === cls.name &&
      match[2] === cls.name &&
      Object.getPrototypeOf(cls) === ApiObject &&
      typeof cls.GVK === 'object' &&
      cls.GVK !== null &&
      Object.keys(cls.GVK).join() === 'apiVersion,kind';
    plainConstructor.set(cls, plain);
  }
  return plain;
}

/**
 * @internal
 * `new cls(scope, id, props)`, with the props object built so that objects of one kind share
 * one hidden class. The generated constructor builds `{ ...GVK, ...props }`. On V8 (Node 20), once
 * such a site has run a few times, an object literal that starts with the spread of a non-empty
 * object gets a hidden class of its own: at a thousand tenants that was nine thousand hidden
 * classes (a megabyte), and every later read of the props was megamorphic. The same
 * object (same keys in the same order, same values) is built as `{ apiVersion, kind, ...props }`
 * and ApiObject's constructor is run for the class, as the generated one does.
 */
export function newL1<P extends object, T extends ApiObject>(cls: L1Class<P, T>, scope: Construct, id: string, props: P): T {
  if (!hasGeneratedConstructor(cls as unknown as L1Class<never, ApiObject>)) return new cls(scope, id, props);
  return Reflect.construct(ApiObject, [scope, id, { apiVersion: cls.GVK.apiVersion, kind: cls.GVK.kind, ...props }], cls) as T;
}

/**
 * @internal
 * `value`, and every object and array in it, frozen: for props many objects share, which
 * cdk8s (and the renderer) copy when they render and never write to.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
