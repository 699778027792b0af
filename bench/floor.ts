import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { toYamlStream } from '../lib/synth/yaml';

/** The image of every benchmark tenant's app (bench/helm/tenants/values.yaml has it too). */
export const BENCH_IMAGE = 'registry.example.com/team/app:1.4.2';

/**
 * The floor: the same objects a tenant cluster synthesises, built as plain JS objects,
 * serialised with the product's YAML emission and written, with nothing else.
 */
export function floorObjects(count: number): { namespaces: object[]; tenants: object[] } {
  const namespaces: object[] = [];
  const tenants: object[] = [];
  const psa = (level: string) => ({
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'v1.35',
    'pod-security.kubernetes.io/audit': level,
    'pod-security.kubernetes.io/audit-version': 'v1.35',
    'pod-security.kubernetes.io/warn': level,
    'pod-security.kubernetes.io/warn-version': 'v1.35',
  });
  for (let i = 0; i < count; i++) {
    const ns = `team-${i}`;
    const labels = { 'app.kubernetes.io/name': 'app' };
    namespaces.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'clusterforge.io/tenant': ns, ...psa('restricted') } } });
    tenants.push(
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-all', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'tenant-quota', namespace: ns },
        spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.memory': '16Gi', pods: '50' } },
      },
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'tenant-limits', namespace: ns },
        spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: ns } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'app', namespace: ns },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'app', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app' },
        subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: ns }],
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'app', namespace: ns },
        spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'app', namespace: ns },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: 'app',
              securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'app',
                  image: BENCH_IMAGE,
                  ports: [{ containerPort: 8080, name: 'http' }],
                  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    runAsUser: 10001,
                    seccompProfile: { type: 'RuntimeDefault' },
                  },
                  readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
                  livenessProbe: { httpGet: { path: '/live', port: 'http' } },
                },
              ],
            },
          },
        },
      },
    );
  }
  return { namespaces, tenants };
}

/** How the floor serialises: the product's YAML emission, the `yaml` package's own stringify, or JSON. */
export type FloorFormat = 'yaml' | 'yaml-package' | 'json';

const LIBRARY_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;
const SERIALISERS: Record<FloorFormat, (objects: readonly object[]) => string> = {
  yaml: toYamlStream,
  // The floor as #22 first measured it, when the product wrote YAML with the package's stringify.
  'yaml-package': (objects) => objects.map((o) => stringify(o, LIBRARY_OPTIONS)).join('---\n'),
  json: (objects) => objects.map((o) => JSON.stringify(o)).join('\n'),
};

/** Writes the floor's objects to `outdir`, serialised as `format`. */
export function writeFloor(count: number, outdir: string, format: FloorFormat = 'yaml'): number {
  const { namespaces, tenants } = floorObjects(count);
  const serialise = SERIALISERS[format];
  const dir = path.join(outdir, `tenants-${count}`, 'manifests');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `010-namespaces.${format === 'json' ? 'json' : 'yaml'}`), serialise(namespaces));
  fs.writeFileSync(path.join(dir, `100-tenants.${format === 'json' ? 'json' : 'yaml'}`), serialise(tenants));
  return namespaces.length + tenants.length;
}
