import { Construct, IConstruct } from 'constructs';
import { deferProblem } from './deferred';
import { shorten, shortenPath } from './describe-value';
import { Severity } from './problem';

/**
 * The construct id that holds a user-given id. The constructs library keeps children in
 * a plain object, where `constructor`, `__proto__`, `toString`... read as taken or
 * rewrite the prototype; such ids get a suffix that no Kubernetes name can contain, so
 * that the id itself (a valid tenant or pool name) still works.
 */
export function safeConstructId(id: string): string {
  return id in Object.prototype ? `${id}_` : id;
}

/** What `addChild` needs to know about the kind of child it adds. */
export interface ChildKind {
  /** In messages: `tenant`, `node pool`... */
  readonly noun: string;
  /** The method that adds one, e.g. `addTenant`. */
  readonly method: string;
}

/**
 * @internal
 * Adds a child with a user-given id under `container`, for an `add*` method: any string is
 * accepted. An empty id, or one already taken, is reported as a located problem at
 * synthesis (with every other problem) instead of throwing; the child is still built,
 * detached from the tree, so that the caller's chained calls keep working but nothing of
 * it is synthesised.
 */
export function addChild<T extends IConstruct>(
  owner: IConstruct,
  container: Construct,
  id: string,
  kind: ChildKind,
  create: (scope: Construct, constructId: string) => T,
): T {
  const text = typeof id === 'string' ? id : String(id);
  const constructId = safeConstructId(text);
  const existing = text === '' ? undefined : container.node.tryFindChild(constructId.replace(/\//g, '--'));
  if (text !== '' && existing === undefined) return create(container, constructId);
  deferProblem(owner, Severity.ERROR, container, {
    rule: text === '' ? 'ids/empty' : 'ids/duplicate',
    field: `${kind.method}(id)`,
    message:
      text === ''
        ? `a ${kind.noun} needs a non-empty id; construct ids name its path and its objects`
        : `a second ${kind.noun} with id '${shorten(text)}': ${shortenPath(existing!.node.path)} has it already`,
    received: text,
    expected: `a ${kind.noun} id that is not empty and not used by another ${kind.noun} of the cluster`,
  });
  // Built under a holder that is then removed from the tree: reachable by its caller,
  // never synthesised or validated.
  let n = 1;
  while (container.node.tryFindChild(`Detached${n}`) !== undefined) n++;
  const holder = new Construct(container, `Detached${n}`);
  const child = create(holder, text === '' ? 'unnamed' : constructId);
  container.node.tryRemoveChild(holder.node.id);
  return child;
}
