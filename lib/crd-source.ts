import * as fs from 'fs';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { IModelValidator, ValidationContext } from './validation/context';

/** Where the CustomResourceDefinitions of an add-on come from. */
export abstract class CrdSource {
  /**
   * A pinned upstream release URL. It is referenced, never downloaded at synth time:
   * YAML output lists it in `manifests/000-crds/kustomization.yaml` (apply with
   * `kubectl apply -k`), and the Pulumi backend registers a `yaml.v2.ConfigFile`.
   */
  public static url(url: string): CrdSource {
    return new UrlCrdSource(url);
  }

  /** A YAML file the user vendors; its CRDs are synthesised into `000-crds.yaml`. */
  public static file(path: string): CrdSource {
    return new FileCrdSource(path);
  }

  /** Another process installs the CRDs (a platform pipeline, a Helm release, ...). */
  public static none(): CrdSource {
    return new ExternalCrdSource();
  }

  /** @internal */
  public abstract bind(scope: UpstreamCrds): void;
}

class UrlCrdSource extends CrdSource {
  constructor(public readonly url: string) {
    super();
  }
  public bind(scope: UpstreamCrds): void {
    scope.registerUrl(this.url);
  }
}

class FileCrdSource extends CrdSource {
  constructor(public readonly path: string) {
    super();
  }
  public bind(scope: UpstreamCrds): void {
    scope.loadFile(this.path);
  }
}

class ExternalCrdSource extends CrdSource {
  public bind(): void {}
}

/** Props of UpstreamCrds. */
export interface UpstreamCrdsProps {
  readonly source: CrdSource;
  /** API group the CRDs belong to, e.g. `operator.tigera.io`. */
  readonly group: string;
  /** Kinds of that group the add-on creates objects of; each must be provided. */
  readonly kinds: readonly string[];
}

const PINNED_URL = /^https:\/\/[^\s]+$/;
const FLOATING_REF = /\/(latest|main|master|HEAD)\//;

/**
 * The CRDs one add-on needs, from a typed source. Custom resources whose CRD is not
 * provided by any source are an error, so a CRD is never silently missing.
 */
export class UpstreamCrds extends Construct implements IModelValidator {
  public readonly group: string;
  public readonly kinds: readonly string[];
  /** URLs to apply before the manifests. */
  public readonly urls: string[] = [];
  /** Kinds the file source actually contained. */
  private readonly loadedKinds = new Set<string>();
  private readonly problems: { field: string; message: string; received: unknown; expected: string }[] = [];
  private readonly sourceKind: string;

  constructor(scope: Construct, id: string, props: UpstreamCrdsProps) {
    super(scope, id);
    this.group = props.group;
    this.kinds = props.kinds;
    this.sourceKind = props.source.constructor.name;
    props.source.bind(this);
  }

  /** Whether this source covers `group`/`kind` without a CRD object in the model. */
  public providesExternally(group: string, kind: string): boolean {
    return group === this.group && this.kinds.includes(kind) && this.sourceKind !== FileCrdSource.name;
  }

  /** @internal */
  public registerUrl(url: string): void {
    if (!PINNED_URL.test(url) || FLOATING_REF.test(url)) {
      this.problems.push({
        field: 'source',
        message: 'CRD URL is not a pinned https URL; a floating reference changes under a running cluster',
        received: url,
        expected: 'an https URL of a tagged release, e.g. https://github.com/org/project/releases/download/v1.2.3/crds.yaml',
      });
    }
    this.urls.push(url);
  }

  /** @internal */
  public loadFile(path: string): void {
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (e) {
      this.problems.push({
        field: 'source',
        message: `cannot read the CRD file: ${(e as Error).message}`,
        received: path,
        expected: 'a readable YAML file of CustomResourceDefinitions',
      });
      return;
    }
    for (const doc of parseAllDocuments(text)) {
      const crd = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: { group?: string; names?: { kind?: string } } } | null;
      if (!crd || crd.kind !== 'CustomResourceDefinition' || crd.spec?.group !== this.group) continue;
      const kind = crd.spec.names?.kind;
      if (!kind || !this.kinds.includes(kind) || !crd.metadata?.name) continue;
      if (this.loadedKinds.has(kind)) continue;
      this.loadedKinds.add(kind);
      const { status: _status, ...withoutStatus } = crd as Record<string, unknown>;
      new ApiObject(this, crd.metadata.name, withoutStatus as never);
    }
    const missing = this.kinds.filter((k) => !this.loadedKinds.has(k));
    if (missing.length > 0) {
      this.problems.push({
        field: 'source',
        message: `the CRD file lacks CustomResourceDefinitions for ${missing.map((k) => `${this.group}/${k}`).join(', ')}`,
        received: path,
        expected: `a file defining ${this.kinds.join(', ')} in group ${this.group}`,
      });
    }
  }

  public validateModel(context: ValidationContext): void {
    for (const p of this.problems) context.error(this, { rule: 'crds/source', ...p });
  }
}
