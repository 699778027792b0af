import { stringify } from 'yaml';

// Fluent Bit's YAML configuration format (fluent/fluent-bit-docs: administration/configuring-fluent-bit/yaml):
// a `service` section and a `pipeline` of inputs, filters and outputs, each a list of plugin
// entries whose `name` is the plugin. We render it from a typed model so that users add
// filters and outputs without writing raw config, and so that a test can check every key.

/** One plugin entry of a pipeline section: `name` plus that plugin's keys. */
export type FluentBitPlugin = Readonly<Record<string, string | number | boolean>> & { readonly name: string };

/** A filter of the collector pipeline, applied to records whose tag matches. */
export abstract class LogFilter {
  /**
   * Drops the container logs of these namespaces (Fluent Bit `grep` with `exclude` on the
   * Kubernetes namespace the metadata filter adds).
   */
  public static dropNamespaces(namespaces: readonly string[]): LogFilter {
    return new PluginFilter('drop-namespaces', (match) => ({
      name: 'grep',
      match,
      exclude: `$kubernetes['namespace_name'] ^(${namespaces.map(escapeRegex).join('|')})$`,
    }), { namespaces: [...namespaces] });
  }

  /** Adds a field with a fixed value to every record (Fluent Bit `modify` with `add`). */
  public static addField(key: string, value: string): LogFilter {
    return new PluginFilter('add-field', (match) => ({ name: 'modify', match, add: `${key} ${value}` }), { key, value });
  }

  /**
   * Parses a JSON log line in `key` into fields of the record, keeping the other fields
   * (Fluent Bit `parser` with the image's `json` parser and `reserve_data`).
   */
  public static liftJson(key = 'log'): LogFilter {
    return new PluginFilter('lift-json', (match) => ({ name: 'parser', match, key_name: key, parser: 'json', reserve_data: true }), { key });
  }

  /** Escape hatch: a filter entry written as given (its `match` defaults to the container logs). */
  public static raw(plugin: FluentBitPlugin): LogFilter {
    return new PluginFilter('raw', (match) => ({ match, ...plugin }), { ...plugin });
  }

  /** What kind of filter this is, for messages. */
  public abstract readonly kind: string;
  /** The options it was made from, for messages and checks. */
  public abstract readonly options: Readonly<Record<string, unknown>>;
  /** @internal The pipeline entry. */
  public abstract render(match: string): FluentBitPlugin;
}

class PluginFilter extends LogFilter {
  constructor(
    public readonly kind: string,
    private readonly build: (match: string) => FluentBitPlugin,
    public readonly options: Readonly<Record<string, unknown>>,
  ) {
    super();
  }

  public render(match: string): FluentBitPlugin {
    return this.build(match);
  }
}

/** An extra destination of the collector, besides the cluster's log storage. */
export abstract class LogOutput {
  /** Fluent Bit's forward protocol to another collector (Fluentd or Fluent Bit), e.g. a central aggregator. */
  public static forward(props: { readonly host: string; readonly port?: number | undefined; readonly match?: string | undefined }): LogOutput {
    return new PluginOutput('forward', { name: 'forward', match: props.match ?? '*', host: props.host, port: props.port ?? 24224 });
  }

  /** Escape hatch: an output entry written as given; it must name its `match`. */
  public static raw(plugin: FluentBitPlugin & { readonly match: string }): LogOutput {
    return new PluginOutput('raw', { ...plugin });
  }

  public abstract readonly kind: string;
  /** @internal The pipeline entry. */
  public abstract render(): FluentBitPlugin;
}

class PluginOutput extends LogOutput {
  constructor(public readonly kind: string, private readonly plugin: FluentBitPlugin) {
    super();
  }

  public render(): FluentBitPlugin {
    return this.plugin;
  }
}

/** A whole Fluent Bit configuration in its YAML format. */
export interface FluentBitConfig {
  readonly service: Readonly<Record<string, string | number | boolean>>;
  readonly pipeline: {
    readonly inputs: readonly FluentBitPlugin[];
    readonly filters: readonly FluentBitPlugin[];
    readonly outputs: readonly FluentBitPlugin[];
  };
}

/** @internal The configuration file as Fluent Bit reads it. */
export function renderFluentBitConfig(config: FluentBitConfig): string {
  return stringify(config, { lineWidth: 0 });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
