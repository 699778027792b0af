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
  public static url(url: string, ...moreUrls: string[]): CrdSource {
    return new UrlCrdSource([url, ...moreUrls]);
  }

  /**
   * YAML files the user vendors (several when upstream ships one CRD per file); their CRDs
   * are synthesised into `000-crds.yaml`.
   */
  public static file(path: string, ...morePaths: string[]): CrdSource {
    return new FileCrdSource([path, ...morePaths]);
  }

  /** Another process installs the CRDs (a platform pipeline, a Helm release, ...). */
  public static none(): CrdSource {
    return new ExternalCrdSource();
  }

  /** @internal */
  public abstract bind(scope: UpstreamCrds): void;
}

class UrlCrdSource extends CrdSource {
  constructor(public readonly urls: readonly string[]) {
    super();
  }
  public bind(scope: UpstreamCrds): void {
    for (const url of this.urls) scope.registerUrl(url);
  }
}

class FileCrdSource extends CrdSource {
  constructor(public readonly paths: readonly string[]) {
    super();
  }
  public bind(scope: UpstreamCrds): void {
    scope.loadFiles(this.paths);
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
  public loadFiles(paths: readonly string[]): void {
    const read = paths.filter((path) => this.loadFile(path));
    // A file that cannot be read is reported on its own; missing kinds only when all were read.
    if (read.length < paths.length) return;
    const missing = this.kinds.filter((k) => !this.loadedKinds.has(k));
    if (missing.length > 0) {
      this.problems.push({
        field: 'source',
        message: `the CRD ${paths.length > 1 ? 'files lack' : 'file lacks'} CustomResourceDefinitions for ${missing.map((k) => `${this.group}/${k}`).join(', ')}`,
        received: paths.length > 1 ? paths : paths[0],
        expected: `${paths.length > 1 ? 'files' : 'a file'} defining ${this.kinds.join(', ')} in group ${this.group}`,
      });
    }
  }

  private loadFile(path: string): boolean {
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
      return false;
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
    return true;
  }

  public validateModel(context: ValidationContext): void {
    for (const p of this.problems) context.error(this, { rule: 'crds/source', ...p });
  }
}
