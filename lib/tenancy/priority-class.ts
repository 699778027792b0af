import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IModelValidator, ValidationContext } from '../validation/context';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Subdomain } from '../validation/formats';

/** Whether pods of a class may preempt lower-priority pods. */
export enum PreemptionPolicy {
  PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority',
  NEVER = 'Never',
}

/** Props of a PriorityClass added with `cluster.addPriorityClass(id, props)`. */
export interface PriorityClassProps {
  /**
   * Class name.
   * @default - the construct id
   */
  readonly name?: string | undefined;
  /** Priority; user classes are at most 1,000,000,000. */
  readonly value: number;
  /**
   * Whether pods without a class get this one. At most one class may be the default.
   * @default false
   */
  readonly globalDefault?: boolean | undefined;
  /**
   * @default PreemptionPolicy.PREEMPT_LOWER_PRIORITY
   */
  readonly preemptionPolicy?: PreemptionPolicy | undefined;
  /**
   * @default - none
   */
  readonly description?: string | undefined;
}

/** @internal Highest value a user-defined PriorityClass may take (scheduling/v1 validation). */
export const MAX_USER_PRIORITY = 1_000_000_000;

export class PriorityClass extends Construct implements IModelValidator {
  public readonly name: string;
  public readonly globalDefault: boolean;
  private readonly props: PriorityClassProps;

  constructor(scope: Construct, id: string, props: PriorityClassProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name ?? id;
    this.globalDefault = props.globalDefault ?? false;
    new k8s.KubePriorityClass(this, 'Resource', {
      metadata: { name: this.name },
      value: props.value,
      globalDefault: this.globalDefault,
      preemptionPolicy: props.preemptionPolicy ?? PreemptionPolicy.PREEMPT_LOWER_PRIORITY,
      description: props.description,
    });
  }

  public validateModel(context: ValidationContext): void {
    if (!isDns1123Subdomain(this.name) || this.name.startsWith('system-')) {
      context.error(this, {
        rule: 'priority-class/name',
        field: 'name',
        message: this.name.startsWith('system-') ? 'the system- prefix is reserved for built-in classes' : 'not a valid PriorityClass name',
        received: this.name,
        expected: DNS1123_SUBDOMAIN_EXPECTED + ', not starting with system-',
      });
    }
    const policy = this.props.preemptionPolicy;
    if (policy !== undefined && !Object.values(PreemptionPolicy).includes(policy)) {
      context.error(this, {
        rule: 'priority-class/preemption-policy',
        field: 'preemptionPolicy',
        message: 'not a preemption policy; the API server rejects the PriorityClass',
        received: policy,
        expected: Object.values(PreemptionPolicy).join(', '),
      });
    }
    const v = this.props.value;
    if (!Number.isInteger(v) || v > MAX_USER_PRIORITY || v < -2147483648) {
      context.error(this, {
        rule: 'priority-class/value',
        field: 'value',
        message: 'priority value out of range for a user-defined class',
        received: v,
        expected: `an integer from -2147483648 to ${MAX_USER_PRIORITY}`,
      });
    }
  }
}
