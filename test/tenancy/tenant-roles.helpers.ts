import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { KubeObject } from '../../lib';

export { allows, coversAll, effectiveGrants, expectUpstreamParity, roleGrants, upstreamDifferences } from '../support/upstream-parity';
export type { Grant, RbacRequest } from '../support/upstream-parity';

/** Kubernetes' default namespace roles and cluster-admin (see the fixture's provenance header). */
export function loadFixture(): KubeObject[] {
  const list = parse(fs.readFileSync(path.join(__dirname, 'fixtures/kubernetes-default-namespace-roles.yaml'), 'utf8')) as { items: KubeObject[] };
  return list.items;
}
