/** A key of a Secret that exists in the logging namespace; its value never appears in our output. */
export interface SecretKeyReference {
  /** Secret name. */
  readonly secretName: string;
  /** Key in the Secret's data. */
  readonly key: string;
}

/** Where the username and password of an Elasticsearch user live. */
export interface ElasticsearchCredentials {
  /** Secret in the logging namespace holding the user's credentials. */
  readonly secretName: string;
  /**
   * @default 'username'
   */
  readonly usernameKey?: string | undefined;
  /**
   * @default 'password'
   */
  readonly passwordKey?: string | undefined;
}

/** How `vm.max_map_count`, which Elasticsearch's mmap store needs at 262144 or more, is met. */
export enum MaxMapCountSetup {
  /**
   * A privileged init container sets the sysctl on each node before Elasticsearch starts,
   * as the Elastic chart does. Needs the logging namespace to be privileged, which the
   * collectors' host mounts need anyway.
   */
  INIT_CONTAINER = 'init-container',
  /**
   * The nodes already set `vm.max_map_count=262144` (a node prerequisite, e.g. in the
   * image or cloud-init); no privileged container runs.
   */
  NODE = 'node',
}

/** Configures an Elasticsearch cluster run in the cluster (`LogStorage.elasticsearch`). */
export interface ElasticsearchProps {
  /**
   * Master-eligible data nodes: 1, or 3 or more so that a majority survives one loss.
   * @default 3
   */
  readonly replicas?: number | undefined;
  /**
   * Memory request and limit of each node (equal, so the heap is never taken away).
   * @default '4Gi'
   */
  readonly memory?: string | undefined;
  /**
   * JVM heap (`-Xms`/`-Xmx`). At most the memory limit and at most 31 GiB, where the JVM
   * stops using compressed object pointers.
   * @default - half the memory limit, Elastic's advice, leaving the rest to the file cache
   */
  readonly heap?: string | undefined;
  /**
   * CPU request of each node.
   * @default '1'
   */
  readonly cpu?: string | undefined;
  /**
   * StorageClass of the data volumes, by its name in the model.
   * @default - the model's default StorageClass
   */
  readonly storageClass?: string | undefined;
  /**
   * Size of each node's data volume.
   * @default '30Gi'
   */
  readonly storageSize?: string | undefined;
  /**
   * Days a log index is kept before an index lifecycle policy deletes it.
   * @default 7
   */
  readonly retentionDays?: number | undefined;
  /**
   * The `elastic` superuser's password (key `password`) and name (key `username`), in a Secret
   * you create in the logging namespace before the StatefulSet starts.
   * @default { secretName: 'elasticsearch-master-credentials' }
   */
  readonly credentials?: ElasticsearchCredentials | undefined;
  /**
   * A `kubernetes.io/tls` Secret with `tls.crt`, `tls.key` and `ca.crt` for HTTP and transport TLS,
   * valid for the names of the Elasticsearch Services.
   * @default 'elasticsearch-master-certs'
   */
  readonly certificatesSecret?: string | undefined;
  /**
   * How `vm.max_map_count` is met.
   * @default MaxMapCountSetup.INIT_CONTAINER
   */
  readonly maxMapCount?: MaxMapCountSetup | undefined;
}

/** Configures an Elasticsearch outside the cluster (`LogStorage.external`): where it is and how collectors authenticate and verify it. */
export interface ExternalElasticsearchProps {
  /** Base URL, `https://host:port`. Credentials never go into the URL. */
  readonly url: string;
  /** The Secret in the logging namespace with the user the collectors write as. */
  readonly credentials: ElasticsearchCredentials;
  /**
   * The CA that signed the server's certificate, when it is not publicly trusted.
   * @default - the system trust store
   */
  readonly ca?: SecretKeyReference | undefined;
}

/** @internal Defaults of the in-cluster Elasticsearch, resolved in one place. */
export const ELASTICSEARCH_DEFAULTS = {
  replicas: 3,
  memory: '4Gi',
  cpu: '1',
  storageSize: '30Gi',
  retentionDays: 7,
  credentials: { secretName: 'elasticsearch-master-credentials', usernameKey: 'username', passwordKey: 'password' },
  certificatesSecret: 'elasticsearch-master-certs',
  maxMapCount: MaxMapCountSetup.INIT_CONTAINER,
  /** The largest heap that keeps compressed object pointers (Elastic: "no more than about 31 GB"). */
  maxHeap: '31Gi',
} as const;

/** Where the cluster's logs are stored and searched. */
export abstract class LogStorage {
  /** Elasticsearch as a StatefulSet in the logging namespace, with TLS and security on. */
  public static elasticsearch(props: ElasticsearchProps = {}): ElasticsearchStorage {
    return new ElasticsearchStorage(props);
  }

  /** An Elasticsearch outside the cluster that the collectors write to. */
  public static external(props: ExternalElasticsearchProps): ExternalElasticsearchStorage {
    return new ExternalElasticsearchStorage(props);
  }

  /** Whether Elasticsearch runs in the cluster. */
  public abstract readonly inCluster: boolean;
  /** The user the collectors write as. */
  public abstract readonly credentials: Required<ElasticsearchCredentials>;
}

/** In-cluster Elasticsearch; see `LogStorage.elasticsearch()`. */
export class ElasticsearchStorage extends LogStorage {
  public readonly inCluster = true;
  public readonly replicas: number;
  public readonly memory: string;
  public readonly heap: string | undefined;
  public readonly cpu: string;
  public readonly storageClass: string | undefined;
  public readonly storageSize: string;
  public readonly retentionDays: number;
  public readonly credentials: Required<ElasticsearchCredentials>;
  public readonly certificatesSecret: string;
  public readonly maxMapCount: MaxMapCountSetup;

  /** @internal use LogStorage.elasticsearch() */
  constructor(props: ElasticsearchProps) {
    super();
    const d = ELASTICSEARCH_DEFAULTS;
    this.replicas = props.replicas ?? d.replicas;
    this.memory = props.memory ?? d.memory;
    this.heap = props.heap;
    this.cpu = props.cpu ?? d.cpu;
    this.storageClass = props.storageClass;
    this.storageSize = props.storageSize ?? d.storageSize;
    this.retentionDays = props.retentionDays ?? d.retentionDays;
    this.credentials = resolveCredentials(props.credentials ?? d.credentials);
    this.certificatesSecret = props.certificatesSecret ?? d.certificatesSecret;
    this.maxMapCount = props.maxMapCount ?? d.maxMapCount;
  }
}

/** External Elasticsearch; see `LogStorage.external()`. */
export class ExternalElasticsearchStorage extends LogStorage {
  public readonly inCluster = false;
  public readonly url: string;
  public readonly credentials: Required<ElasticsearchCredentials>;
  public readonly ca: SecretKeyReference | undefined;

  /** @internal use LogStorage.external() */
  constructor(props: ExternalElasticsearchProps) {
    super();
    this.url = props.url;
    this.credentials = resolveCredentials(props.credentials);
    this.ca = props.ca;
  }
}

function resolveCredentials(c: ElasticsearchCredentials): Required<ElasticsearchCredentials> {
  return { secretName: c.secretName, usernameKey: c.usernameKey ?? 'username', passwordKey: c.passwordKey ?? 'password' };
}
