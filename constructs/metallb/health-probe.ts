import { k8s } from 'cdk8s-plus-27';

/** @internal The health endpoints both MetalLB components serve on 17472 (the speaker on loopback: host network). */
export function healthProbe(path: string, host?: string): k8s.Probe {
  return {
    failureThreshold: 3,
    httpGet: { ...(host ? { host } : {}), path, port: k8s.IntOrString.fromNumber(17472) },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
  };
}
