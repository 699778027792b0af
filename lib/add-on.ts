import { Construct } from 'constructs';
import type { Cluster } from './cluster';

/**
 * A typed handle for one kind of add-on. Add-ons name their dependencies with keys,
 * never with class names or by their position in a list, and `Cluster.addOn(key)`
 * returns the add-on with its own type.
 */
export class AddOnKey<T extends AddOn = AddOn> {
  /** Phantom field that carries `T`; never set. */
  declare private readonly addOnType?: T;

  /** @param name human-readable name, used in messages only */
  constructor(public readonly name: string) {}

  /** The key's name, for messages. */
  public toString(): string {
    return this.name;
  }
}

/** What every add-on declares about itself. */
export interface AddOnProps {
  /** The slot this add-on fills; a cluster has at most one add-on per key. */
  readonly key: AddOnKey;
  /**
   * Add-ons that must be present, and whose objects are applied before this one's.
   * @default - none
   */
  readonly dependencies?: readonly AddOnKey[] | undefined;
}

/**
 * The add-on contract: a construct attached directly to a cluster, with a typed key
 * and typed dependencies. Its API objects are written to its own manifest file, in
 * the topological order of the dependency graph.
 */
export abstract class AddOn extends Construct {
  public readonly key: AddOnKey;
  public readonly dependencies: readonly AddOnKey[];

  protected constructor(cluster: Cluster, id: string, props: AddOnProps) {
    super(cluster, id);
    this.key = props.key;
    this.dependencies = props.dependencies ?? [];
    cluster.registerAddOn(this);
  }

  /** The cluster this add-on is attached to. */
  public get cluster(): Cluster {
    return this.node.scope as Cluster;
  }
}
