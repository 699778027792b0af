import { METALLB_VERSION } from '../../lib/versions/ingress';

/** @internal What the MetalLB runbook describes. */
export interface MetalLbRunbookInput {
  readonly namespace: string;
  readonly defaultCrds: boolean;
  readonly pools: readonly { readonly name: string; readonly addresses: readonly string[]; readonly advertisement: string }[];
  readonly peerSecrets: readonly string[];
  readonly ipvs: boolean;
}

/**
 * `bootstrap/metallb-runbook.md`: the one step the manifests cannot take (the BGPPeer CRD's
 * conversion webhook, which metallb-native.yaml patches in but the CRD files do not carry), the
 * BGP password Secrets, and how to check that addresses are handed out.
 */
export function metallbRunbook(r: MetalLbRunbookInput): string {
  const ns = r.namespace;
  const lines = [
    '# MetalLB',
    '',
    `MetalLB ${METALLB_VERSION} runs in namespace \`${ns}\` (Pod Security: privileged, because the speakers use the host network and NET_RAW).`,
    '',
    '## Pools',
    '',
    ...r.pools.map((p) => `- \`${p.name}\`: ${p.addresses.join(', ')} (${p.advertisement})`),
    ...(r.pools.length === 0 ? ['- none: LoadBalancer Services stay Pending'] : []),
    '',
    "The controller's validating webhook checks every pool, advertisement and peer. Pools are",
    'applied after the workloads; if `kubectl apply` refuses them because the webhook is not yet',
    'serving, wait for `rollout status deployment/controller` (below) and apply again. Pulumi waits',
    'for the Deployment itself.',
    '',
  ];
  if (r.defaultCrds) {
    lines.push(
      '## After the CRDs are applied',
      '',
      'The CRD files of the release (config/crd/bases) lack the conversion webhook that',
      '`metallb-native.yaml` patches into `bgppeers.metallb.io` (config/crd/patches). Without it the',
      "controller's certificate rotator cannot write the webhook's caBundle. Apply the patch once,",
      'after `manifests/000-crds` and before the MetalLB manifests:',
      '',
      '```sh',
      `kubectl patch crd bgppeers.metallb.io --type merge -p '{"spec":{"conversion":{"strategy":"Webhook","webhook":{"conversionReviewVersions":["v1beta1","v1beta2"],"clientConfig":{"service":{"namespace":"${ns}","name":"metallb-webhook-service","path":"/convert"}}}}}}'`,
      '```',
      '',
    );
  }
  if (r.peerSecrets.length > 0) {
    lines.push('## BGP passwords', '', 'Create each Secret the BGP peers name (never in Git):', '', '```sh');
    for (const s of r.peerSecrets) lines.push(`kubectl -n ${ns} create secret generic ${s} --type=kubernetes.io/basic-auth --from-literal=password="$BGP_PASSWORD"`);
    lines.push('```', '');
  }
  if (r.ipvs) lines.push('kube-proxy runs in IPVS mode with `strictARP: true` (see the kube-proxy configuration in `kubeadm/`).', '');
  lines.push(
    '## Check',
    '',
    '```sh',
    `kubectl -n ${ns} get ipaddresspools,l2advertisements,bgpadvertisements,bgppeers`,
    `kubectl -n ${ns} rollout status deployment/controller && kubectl -n ${ns} rollout status daemonset/speaker`,
    'kubectl get svc -A --field-selector spec.type=LoadBalancer   # EXTERNAL-IP from a pool',
    '```',
    '',
  );
  return lines.join('\n');
}
