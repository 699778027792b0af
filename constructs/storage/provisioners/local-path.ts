import { Construct } from 'constructs';
import { Cluster } from '../../../lib/cluster';
import { IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { LOCAL_PATH_PROVISIONER, LocalPathProvisioner } from '../local-path-provisioner';
import { definedOnly } from './checks';

/** Options of Provisioner.localPath(). */
export interface LocalPathProvisionerOptions {
  /**
   * The node directory this class provisions under; it must be one of the provisioner's
   * `nodePaths`.
   * @default - a random one of the provisioner's node paths
   */
  readonly nodePath?: string | undefined;
  /**
   * Go template of the volume's subdirectory. local-path-provisioner v0.0.36 refuses any
   * pattern whose result does not start with `<namespace>/<claim>/`, so it must begin with
   * `{{ .PVC.Namespace }}/{{ .PVC.Name }}/`, e.g. `{{ .PVC.Namespace }}/{{ .PVC.Name }}/{{ .PVName }}`.
   * @default - `{{ .PVName }}_{{ .PVC.Namespace }}_{{ .PVC.Name }}` (upstream's)
   */
  readonly pathPattern?: string | undefined;
}

/** `{{ .PVC.Namespace }}/{{ .PVC.Name }}/` at the start, with the spacing and trim markers Go templates allow. */
const SAFE_PATH_PATTERN = /^\{\{-?\s*\.PVC\.Namespace\s*-?\}\}\/\{\{-?\s*\.PVC\.Name\s*-?\}\}\//;

/**
 * Node-local directories through Rancher's local-path-provisioner (`rancher.io/local-path`),
 * which clusterforge deploys. Volumes live on one node and die with it.
 */
export class LocalPathVolumeProvisioner implements IProvisioner {
  public readonly name = PROVISIONER_DEFAULTS.localPathProvisionerName;
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = false;
  public readonly supportsSnapshots = false;
  public readonly supportsVolumeExpansion = false;
  // Volumes are hostPath PersistentVolumes, which the API server refuses mount options for.
  public readonly supportsMountOptions = false;
  // upstream: deploy/local-path-storage.yaml; a node path only exists once a node is chosen.
  public readonly defaultVolumeBindingMode = VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;

  constructor(private readonly options: LocalPathProvisionerOptions = {}) {
    // upstream: rancher/local-path-provisioner README (Storage classes: nodePath, pathPattern)
    this.parameters = definedOnly({ nodePath: options.nodePath, pathPattern: options.pathPattern });
  }

  public bind(scope: Construct): void {
    const cluster = Cluster.of(scope);
    if (!cluster.addOn(LOCAL_PATH_PROVISIONER)) new LocalPathProvisioner(cluster, 'LocalPathProvisioner');
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    if (sc.volumeBindingMode === VolumeBindingMode.IMMEDIATE) {
      context.error(sc, {
        rule: 'storage/local-path-binding-mode',
        field: 'volumeBindingMode',
        message:
          'local-path volumes are directories on the node the pod runs on; with Immediate binding no node is chosen yet and provisioning fails',
        received: sc.volumeBindingMode,
        expected: 'VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER',
      });
    }
    const pattern = this.options.pathPattern;
    if (pattern !== undefined && !SAFE_PATH_PATTERN.test(pattern)) {
      // rancher/local-path-provisioner@v0.0.36:provisioner.go pathFromPattern: without
      // allowUnsafePathPattern the rendered path must start with "<namespace>/<pvc>/".
      context.error(sc, {
        rule: 'storage/local-path-path-pattern',
        field: 'provisioner.pathPattern',
        message: 'local-path-provisioner refuses a path that does not start with the claim\'s namespace and name, so every claim of this class would stay Pending',
        received: pattern,
        expected: 'a pattern starting with {{ .PVC.Namespace }}/{{ .PVC.Name }}/, e.g. {{ .PVC.Namespace }}/{{ .PVC.Name }}/{{ .PVName }}',
      });
    }
    const nodePath = this.options.nodePath;
    if (nodePath === undefined) return;
    const provisioner = Cluster.of(sc).addOn(LOCAL_PATH_PROVISIONER);
    const paths = provisioner?.nodePaths ?? PROVISIONER_DEFAULTS.localPathNodePaths;
    if (!paths.includes(nodePath)) {
      context.error(sc, {
        rule: 'storage/local-path-node-path',
        field: 'provisioner.nodePath',
        message: "the class's nodePath is not one of the provisioner's node paths; the provisioner would refuse the claims",
        received: nodePath,
        expected: `one of ${paths.join(', ')} (LocalPathProvisioner nodePaths)`,
      });
    }
  }
}
