import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../lib';
import { definePlatform } from '../examples/platform';
import { floorObjects, writeFloor } from './floor';
import { synthPlainCdk8s } from './plain-cdk8s';
import { defineTenantCluster } from './tenant-cluster';

/**
 * One benchmark case in its own process, so wall time and peak memory are the whole
 * process's: `node build/bench/case.js <case> [tenants]`. Prints one JSON line.
 */
async function run(name: string, tenants: number): Promise<number> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cf-bench-${name}-`));
  try {
    switch (name) {
      case 'platform':
        return synthesizeToDirectory(definePlatform(), outdir).objects.length;
      case 'clusterforge':
        return synthesizeToDirectory(defineTenantCluster(tenants), outdir).objects.length;
      case 'floor':
        return writeFloor(tenants, outdir);
      case 'cdk8s-chart-per-tenant':
        return synthPlainCdk8s(tenants, outdir);
      case 'pulumi-platform':
      case 'pulumi-tenants': {
        const { registerWithClusterStack } = require('./pulumi-cases') as typeof import('./pulumi-cases');
        return registerWithClusterStack(name === 'pulumi-platform' ? definePlatform() : defineTenantCluster(tenants));
      }
      case 'pulumi-direct-platform':
      case 'pulumi-direct-tenants': {
        const { registerDirectly, synthesizedObjects } = require('./pulumi-cases') as typeof import('./pulumi-cases');
        const objects =
          name === 'pulumi-direct-platform' ? synthesizedObjects(definePlatform()) : [...Object.values(floorObjects(tenants)).flat()];
        return registerDirectly(objects as never);
      }
      default:
        throw new Error(`unknown case ${name}`);
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const [name, tenants = '0'] = process.argv.slice(2);
run(name, Number(tenants)).then(
  (objects) => console.log(JSON.stringify({ objects, maxRssKb: process.resourceUsage().maxRSS })),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
