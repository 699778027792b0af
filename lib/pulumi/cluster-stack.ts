import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Cluster } from '../cluster';
import { BootstrapSecrets, fillBootstrapSecrets } from '../bootstrap/secrets';
import { registerObject } from './resource-factory';
import { planRegistration, RegistrationPlan } from './registration-plan';
import { checkSecretValues, registerSecretValues, SecretValues } from './secret-values';

/** @internal Pulumi type token of ClusterStack. */
export const CLUSTER_STACK_TYPE = 'clusterforge:index:Cluster';

/** Arguments of ClusterStack. */
export interface ClusterStackArgs {
  /** The cluster definition, the same one the YAML backend synthesises. */
  readonly cluster: Cluster;
  /**
   * Kubernetes provider (kubeconfig or context), resolved by the program's entry point.
   * @default - the default provider of the Pulumi program
   */
  readonly provider?: k8s.Provider | undefined;
  /**
   * Bootstrap token (`[a-z0-9]{6}.[a-z0-9]{16}`) filled into the bootstrap files, as a
   * Pulumi secret. Without it the files keep their placeholders.
   * `undefined` is accepted so that `config.getSecret(...)` can be passed as is.
   * @default - placeholders stay
   */
  readonly bootstrapToken?: pulumi.Input<string> | undefined;
  /**
   * kubeadm certificate key (64 hex characters), as a Pulumi secret.
   * @default - placeholders stay
   */
  readonly certificateKey?: pulumi.Input<string> | undefined;
  /**
   * base64 PEM files for the first control-plane node, as Pulumi secrets: the key of a
   * `ClusterCa.provided` CA, and external etcd's CA and `apiserver-etcd-client` pair.
   * @default - placeholders stay
   */
  readonly pkiFiles?: pulumi.Input<Pick<BootstrapSecrets, 'caKey' | 'etcdCaCert' | 'etcdClientCert' | 'etcdClientKey'>> | undefined;
  /**
   * `sha256:<hex>` of the cluster CA's public key, which every JoinConfiguration pins
   * (`openssl x509 -pubkey -in ca.crt | openssl pkey -pubin -outform der | sha256sum`).
   * @default - placeholders stay
   */
  readonly caCertHash?: pulumi.Input<string> | undefined;
  /**
   * Secrets the definition only references (e.g. object-store credentials of backup locations),
   * by `namespace/name` then key. They are created on the Pulumi side only, as Pulumi secrets.
   * @default - none; the referenced Secrets are created by someone else
   */
  readonly secrets?: SecretValues | undefined;
  /**
   * base64 32-byte encryption-at-rest keys, as Pulumi secrets: the key that encrypts writes
   * and, during a rotation, the previous one (ControlPlaneSecurityProps.encryptionAtRest).
   * @default - placeholders stay
   */
  readonly encryptionKeys?: pulumi.Input<Pick<BootstrapSecrets, 'encryptionKey' | 'previousEncryptionKey'>> | undefined;
  /**
   * Bearer tokens kube-apiserver presents to its webhooks, as Pulumi secrets
   * (WebhookCredentials.bearerToken() on the token-authentication or authorization webhook).
   * @default - placeholders stay
   */
  readonly webhookTokens?: pulumi.Input<Pick<BootstrapSecrets, 'authenticationWebhookToken' | 'authorizationWebhookToken'>> | undefined;
}

/** What one add-on (or core component) exposes: its namespaces and Services. */
export interface ComponentOutputs {
  readonly namespaces: string[];
  readonly services: string[];
}

/**
 * Registers a clusterforge cluster with Pulumi: one typed @pulumi/kubernetes resource
 * per object, dependsOn edges from the shared ordering model, CRD URLs as
 * yaml.v2.ConfigFile, and the bootstrap files as outputs (secrets where sensitive).
 */
export class ClusterStack extends pulumi.ComponentResource {
  /** Bootstrap files by path; the whole map is a secret when any file is sensitive. */
  public readonly bootstrapFiles: pulumi.Output<Record<string, string>>;
  /** `host:port` of the API server endpoint, when the cluster manages a control plane. */
  public readonly controlPlaneEndpoint: pulumi.Output<string | undefined>;
  /** Namespaces and Services of each add-on and core component. */
  public readonly components: pulumi.Output<Record<string, ComponentOutputs>>;
  /** Every registered resource by name. */
  public readonly resources: ReadonlyMap<string, pulumi.Resource>;
  /** @internal What was registered, in order. */
  public readonly plan: RegistrationPlan;

  constructor(name: string, args: ClusterStackArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validation runs before anything is registered, the component included.
    const plan = planRegistration(name, args.cluster);
    checkSecretValues(name, plan, args.secrets);
    super(CLUSTER_STACK_TYPE, name, {}, opts);
    this.plan = plan;

    const resources = new Map<string, pulumi.Resource>();
    const provider = args.provider;
    for (const f of plan.crdFiles) {
      // Children are named `<file name>-<object>`; Pulumi carries the aliases over to them.
      const aliases = f.aliases.map((alias) => ({ name: alias }));
      resources.set(f.name, new k8s.yaml.v2.ConfigFile(f.name, { file: f.url }, { parent: this, provider, aliases }));
    }
    for (const p of plan.objects) {
      const dependsOn = p.dependsOn.map((d) => resources.get(d)!);
      resources.set(p.name, registerObject(p.name, p.object, p.customResource, { parent: this, provider, dependsOn }));
    }
    registerSecretValues(name, plan, args.secrets ?? {}, resources, { parent: this, provider });
    this.resources = resources;

    const synthesis = plan.synthesis;
    const anySensitive = synthesis.bootstrapFiles.some((f) => f.sensitive);
    const filled = pulumi
      .all([args.bootstrapToken, args.certificateKey, args.caCertHash, args.pkiFiles, args.encryptionKeys, args.webhookTokens])
      .apply(([bootstrapToken, certificateKey, caCertHash, pkiFiles, encryptionKeys, webhookTokens]) =>
        Object.fromEntries(
          synthesis.bootstrapFiles.map((f) => [f.path, fillBootstrapSecrets(f.content, { ...pkiFiles, ...encryptionKeys, ...webhookTokens, bootstrapToken, certificateKey, caCertHash })]),
        ),
      );
    const anySecretGiven = args.bootstrapToken || args.certificateKey || args.caCertHash || args.pkiFiles || args.encryptionKeys || args.webhookTokens;
    this.bootstrapFiles = anySensitive || anySecretGiven ? pulumi.secret(filled) : filled;
    this.controlPlaneEndpoint = pulumi.output(args.cluster.controlPlane?.endpoint.address);
    const components: Record<string, ComponentOutputs> = {};
    for (const o of synthesis.objects) {
      const c = (components[o.group] ??= { namespaces: [], services: [] });
      if (o.manifest.kind === 'Namespace' && o.manifest.apiVersion === 'v1') c.namespaces.push(o.manifest.metadata.name);
      if (o.manifest.kind === 'Service' && o.manifest.apiVersion === 'v1') {
        c.services.push(`${o.manifest.metadata.namespace}/${o.manifest.metadata.name}`);
      }
    }
    this.components = pulumi.output(components);

    this.registerOutputs({
      bootstrapFiles: this.bootstrapFiles,
      controlPlaneEndpoint: this.controlPlaneEndpoint,
      components: this.components,
    });
  }
}
