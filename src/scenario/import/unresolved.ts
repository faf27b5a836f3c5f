/**
 * A value a CloudFormation template computes at deploy time that fleetsim cannot compute
 * (`Fn::ImportValue`, an attribute of a resource it does not model, an SSM parameter): it stands
 * where the value would be, carrying why, so the field that holds it is reported instead of
 * silently dropped.
 */
export interface Unresolved {
  readonly unresolved: string;
}

const MARK = Symbol('unresolved');

export function unresolved(reason: string): Unresolved {
  return { unresolved: reason, [MARK]: true } as Unresolved;
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARK] === true;
}
