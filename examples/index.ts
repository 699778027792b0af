import { Construct } from 'constructs';
import { Cluster } from '../lib';
import { defineHaExternalEtcd } from './ha-external-etcd';
import { defineHaStacked } from './ha-stacked';
import { defineMinimal } from './minimal';
import { definePlatform } from './platform';

/** Every example, by the name of the folder it synthesises to. */
export const EXAMPLES: Readonly<Record<string, (scope?: Construct) => Cluster>> = {
  minimal: defineMinimal,
  'ha-stacked': defineHaStacked,
  'ha-external-etcd': defineHaExternalEtcd,
  platform: definePlatform,
};
