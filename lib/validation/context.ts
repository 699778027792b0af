import { IConstruct } from 'constructs';
import { Severity, ValidationProblem } from './problem';

/** The details of one finding, as a rule reports it. */
export interface ProblemDetails {
  readonly rule: string;
  /** The prop or field the problem is about. */
  readonly field?: string | undefined;
  readonly message: string;
  readonly received?: unknown;
  readonly expected?: string | undefined;
}

/**
 * Collects every problem of a definition, so that they are all reported at once.
 * Rules receive it and never throw for bad input.
 */
export class ValidationContext {
  private readonly found: ValidationProblem[] = [];

  /** Records an error: synthesis will refuse the definition. */
  public error(scope: IConstruct | string, details: ProblemDetails): void {
    this.add(Severity.ERROR, scope, details);
  }

  /** Records a warning: reported, synthesis goes on. */
  public warn(scope: IConstruct | string, details: ProblemDetails): void {
    this.add(Severity.WARNING, scope, details);
  }

  public get problems(): readonly ValidationProblem[] {
    return this.found;
  }

  public get hasErrors(): boolean {
    return this.found.some((p) => p.severity === Severity.ERROR);
  }

  private add(severity: Severity, scope: IConstruct | string, details: ProblemDetails): void {
    const path = typeof scope === 'string' ? scope : scope.node.path;
    this.found.push({ severity, path, ...details });
  }
}

/** Implemented by constructs that check their own props. */
export interface IModelValidator {
  /** Reports every problem of the construct's own props to `context`; never throws for bad input. */
  validateModel(context: ValidationContext): void;
}

/** @internal Whether a construct checks its own props. */
export function isModelValidator(x: unknown): x is IModelValidator {
  return typeof x === 'object' && x !== null && typeof (x as IModelValidator).validateModel === 'function';
}

/** Implemented by constructs that check the rendered objects of the whole cluster. */
export interface IObjectValidator {
  /** Reports problems found in the rendered objects of the whole cluster; never throws for bad input. */
  validateObjects(objects: readonly import('../synth/ordering').PlacedObject[], context: ValidationContext): void;
}

/** @internal Whether a construct checks the rendered objects of the cluster. */
export function isObjectValidator(x: unknown): x is IObjectValidator {
  return typeof x === 'object' && x !== null && typeof (x as IObjectValidator).validateObjects === 'function';
}
