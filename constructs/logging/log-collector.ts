import { LogFilter, LogOutput } from './fluent-bit-config';

/** Configures the Fluent Bit collector (`LogCollector.fluentBit`). */
export interface FluentBitCollectorProps {
  /**
   * Filters applied to container logs after the Kubernetes metadata is added, in order.
   * @default - none
   */
  readonly filters?: readonly LogFilter[] | undefined;
  /**
   * Destinations besides the cluster's log storage.
   * @default - none
   */
  readonly extraOutputs?: readonly LogOutput[] | undefined;
  /**
   * Collect the kubelet's journald logs (`_SYSTEMD_UNIT=kubelet.service`) into `node-*` indices.
   * @default true
   */
  readonly collectKubeletLogs?: boolean | undefined;
  /**
   * Memory limit of each collector.
   * @default '256Mi'
   */
  readonly memoryLimit?: string | undefined;
}

/** Configures the Fluentd collector (`LogCollector.fluentd`). */
export interface FluentdCollectorProps {
  /**
   * Memory limit of each collector (upstream uses 200Mi, which Fluentd outgrows on busy nodes).
   * @default '512Mi'
   */
  readonly memoryLimit?: string | undefined;
}

/** @internal Fluentd's upstream release, for declared deviations. */
export const FLUENTD_COMPONENT = 'fluentd (fluent/fluentd-kubernetes-daemonset v1.19.3-1.1)';

/** @internal Defaults of the collectors' props, resolved here only. */
export const LOG_COLLECTOR_DEFAULTS = {
  fluentBit: { collectKubeletLogs: true, memoryLimit: '256Mi' },
  fluentd: { memoryLimit: '512Mi' },
} as const;

/** Which agent collects logs on every node. */
export abstract class LogCollector {
  /** Fluent Bit (the default): small, with a typed pipeline of filters and outputs. */
  public static fluentBit(props: FluentBitCollectorProps = {}): FluentBitCollector {
    return new FluentBitCollector(props);
  }

  /** Fluentd with the image's own pipeline (container, kubelet and control-plane logs). */
  public static fluentd(props: FluentdCollectorProps = {}): FluentdCollector {
    return new FluentdCollector(props);
  }

  /** The agent's name. */
  public abstract readonly name: string;
  /** Memory limit of each collector. */
  public abstract readonly memoryLimit: string;
}

/** Fluent Bit; see `LogCollector.fluentBit()`. */
export class FluentBitCollector extends LogCollector {
  public readonly name = 'fluent-bit';
  public readonly filters: readonly LogFilter[];
  public readonly extraOutputs: readonly LogOutput[];
  public readonly collectKubeletLogs: boolean;
  public readonly memoryLimit: string;

  /** @internal use LogCollector.fluentBit() */
  constructor(props: FluentBitCollectorProps) {
    super();
    this.filters = props.filters ?? [];
    this.extraOutputs = props.extraOutputs ?? [];
    this.collectKubeletLogs = props.collectKubeletLogs ?? LOG_COLLECTOR_DEFAULTS.fluentBit.collectKubeletLogs;
    this.memoryLimit = props.memoryLimit ?? LOG_COLLECTOR_DEFAULTS.fluentBit.memoryLimit;
  }
}

/** Fluentd; see `LogCollector.fluentd()`. */
export class FluentdCollector extends LogCollector {
  public readonly name = 'fluentd';
  public readonly memoryLimit: string;

  /** @internal use LogCollector.fluentd() */
  constructor(props: FluentdCollectorProps) {
    super();
    this.memoryLimit = props.memoryLimit ?? LOG_COLLECTOR_DEFAULTS.fluentd.memoryLimit;
  }
}
