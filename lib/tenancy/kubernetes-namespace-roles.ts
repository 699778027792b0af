import { PolicyRule, READ_VERBS, Verb } from './policy-rule';

/**
 * The rules of Kubernetes' default namespace roles, as kube-apiserver bootstraps them:
 * `admin` aggregates `system:aggregate-to-admin` and `edit`; `edit` aggregates
 * `system:aggregate-to-edit` and `view`; `view` aggregates `system:aggregate-to-view`.
 * Source: kubernetes/kubernetes@v1.35:plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml
 * (test/tenancy/fixtures/kubernetes-default-namespace-roles.yaml holds the copy the tests diff against,
 * with its provenance). Aggregation cannot subtract, so tenant roles are built from these lists.
 * @internal
 */
export const KUBERNETES_AGGREGATE_TO_ADMIN_RULES: readonly PolicyRule[] = [
  { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: [Verb.CREATE] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [Verb.CREATE, Verb.DELETE, Verb.DELETE_COLLECTION, Verb.GET, Verb.LIST, Verb.PATCH, Verb.UPDATE, Verb.WATCH] },
];

const WRITE: readonly Verb[] = [Verb.CREATE, Verb.DELETE, Verb.DELETE_COLLECTION, Verb.PATCH, Verb.UPDATE];

/** @internal See KUBERNETES_AGGREGATE_TO_ADMIN_RULES. */
export const KUBERNETES_AGGREGATE_TO_EDIT_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ_VERBS },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: [Verb.IMPERSONATE] },
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: WRITE },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: [Verb.CREATE] },
  {
    apiGroups: [''],
    resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
    verbs: WRITE,
  },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: [Verb.CREATE] },
  {
    apiGroups: ['apps'],
    resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'],
    verbs: WRITE,
  },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  {
    apiGroups: ['extensions'],
    resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'],
    verbs: WRITE,
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [Verb.CREATE, Verb.DELETE, Verb.DELETE_COLLECTION, Verb.GET, Verb.LIST, Verb.PATCH, Verb.UPDATE, Verb.WATCH] },
];

/** @internal See KUBERNETES_AGGREGATE_TO_ADMIN_RULES. */
export const KUBERNETES_AGGREGATE_TO_VIEW_RULES: readonly PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'],
    verbs: READ_VERBS,
  },
  {
    apiGroups: [''],
    resources: ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'],
    verbs: READ_VERBS,
  },
  { apiGroups: [''], resources: ['namespaces'], verbs: READ_VERBS },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ_VERBS },
  {
    apiGroups: ['apps'],
    resources: [
      'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
      'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
    ],
    verbs: READ_VERBS,
  },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], verbs: READ_VERBS },
  { apiGroups: ['batch'], resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], verbs: READ_VERBS },
  {
    apiGroups: ['extensions'],
    resources: [
      'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status',
      'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale',
    ],
    verbs: READ_VERBS,
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: READ_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: READ_VERBS },
];
