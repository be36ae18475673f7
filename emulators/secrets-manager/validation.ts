/**
 * Request shapes as data, checked at the edge the way the AWS front end does.
 *
 * Each operation declares its input members with the constraints of the API model; `readInput`
 * turns a parsed JSON body into a typed object or throws one error for the whole request:
 * - wrong JSON type for a member → `SerializationException` (the body cannot be deserialised);
 * - missing required member, length/range/pattern/enum violation → `ValidationException`, with
 *   AWS's "N validation error(s) detected: Value ... at 'member' failed to satisfy constraint: ..."
 *   text (facts §1.3).
 * Members not in the shape are ignored, as AWS ignores unknown members.
 */
import { SecretsManagerError } from './errors';

interface Context {
  /** Path in AWS's spelling: camelCase member names, `.N.member` for list items (1-based). */
  at: string;
  issues: string[];
}

export interface Field<T, Required extends boolean = boolean> {
  readonly required: Required;
  /** Sensitive values are never echoed back in messages (and never logged). */
  readonly sensitive: boolean;
  /** Returns the value, or undefined after recording an issue. Throws on a JSON type mismatch. */
  read(value: unknown, context: Context): T | undefined;
}

export type Shape = Record<string, Field<unknown>>;

export type Input<S extends Shape> = {
  [K in keyof S]: S[K] extends Field<infer T, true> ? T : S[K] extends Field<infer T, boolean> ? T | undefined : never;
};

function wrongType(at: string, expected: string): SecretsManagerError {
  return new SecretsManagerError('SerializationException', `Expected ${expected} at '${at}'.`);
}

function describeValue(value: unknown, sensitive: boolean): string {
  if (sensitive) return 'Value';
  return `Value '${typeof value === 'string' ? value : JSON.stringify(value)}'`;
}

function violation(context: Context, value: unknown, sensitive: boolean, constraint: string): undefined {
  context.issues.push(`${describeValue(value, sensitive)} at '${context.at}' failed to satisfy constraint: ${constraint}`);
  return undefined;
}

interface StringConstraints {
  min?: number;
  max?: number;
  pattern?: RegExp;
  oneOf?: readonly string[];
  sensitive?: boolean;
}

export function string(constraints: StringConstraints = {}): Field<string, false> {
  const sensitive = constraints.sensitive ?? false;
  return {
    required: false,
    sensitive,
    read(value, context) {
      if (typeof value !== 'string') throw wrongType(context.at, 'a string');
      if (constraints.min !== undefined && value.length < constraints.min) {
        return violation(context, value, sensitive, `Member must have length greater than or equal to ${constraints.min}`);
      }
      if (constraints.max !== undefined && value.length > constraints.max) {
        return violation(context, value, sensitive, `Member must have length less than or equal to ${constraints.max}`);
      }
      if (constraints.pattern && !constraints.pattern.test(value)) {
        return violation(context, value, sensitive, `Member must satisfy regular expression pattern: ${constraints.pattern.source}`);
      }
      if (constraints.oneOf && !constraints.oneOf.includes(value)) {
        return violation(context, value, sensitive, `Member must satisfy enum value set: [${constraints.oneOf.join(', ')}]`);
      }
      return value;
    },
  };
}

/** A blob member: base64 text on the wire (facts §1.4); the length limits apply to the decoded bytes. */
export function blob(constraints: { min: number; max: number }): Field<string, false> {
  return {
    required: false,
    sensitive: true,
    read(value, context) {
      if (typeof value !== 'string') throw wrongType(context.at, 'a base64 string');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
        throw wrongType(context.at, 'base64-encoded binary data');
      }
      const size = Buffer.from(value, 'base64').length;
      if (size < constraints.min) return violation(context, value, true, `Member must have length greater than or equal to ${constraints.min}`);
      if (size > constraints.max) return violation(context, value, true, `Member must have length less than or equal to ${constraints.max}`);
      return value;
    },
  };
}

export function integer(constraints: { min?: number; max?: number } = {}): Field<number, false> {
  return {
    required: false,
    sensitive: false,
    read(value, context) {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(context.at, 'an integer');
      if (constraints.min !== undefined && value < constraints.min) {
        return violation(context, value, false, `Member must have value greater than or equal to ${constraints.min}`);
      }
      if (constraints.max !== undefined && value > constraints.max) {
        return violation(context, value, false, `Member must have value less than or equal to ${constraints.max}`);
      }
      return value;
    },
  };
}

export function boolean(): Field<boolean, false> {
  return {
    required: false,
    sensitive: false,
    read(value, context) {
      if (typeof value !== 'boolean') throw wrongType(context.at, 'a boolean');
      return value;
    },
  };
}

export function list<T>(item: Field<T>, constraints: { min?: number; max?: number } = {}): Field<T[], false> {
  return {
    required: false,
    sensitive: false,
    read(value, context) {
      if (!Array.isArray(value)) throw wrongType(context.at, 'a list');
      if (constraints.min !== undefined && value.length < constraints.min) {
        return violation(context, '[...]', false, `Member must have length greater than or equal to ${constraints.min}`);
      }
      if (constraints.max !== undefined && value.length > constraints.max) {
        return violation(context, '[...]', false, `Member must have length less than or equal to ${constraints.max}`);
      }
      const items: T[] = [];
      let valid = true;
      // A list member may not be null: skipping one would leave the list invalid with no issue said,
      // and the handler would run with the list missing.
      const member = { ...item, required: true };
      value.forEach((element, index) => {
        const read = readMember(member, element, { at: `${context.at}.${index + 1}.member`, issues: context.issues });
        if (read === undefined) valid = false;
        else items.push(read);
      });
      return valid ? items : undefined;
    },
  };
}

export function structure<S extends Shape>(shape: S): Field<Input<S>, false> {
  return {
    required: false,
    sensitive: false,
    read(value, context) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(context.at, 'a structure');
      return readShape(shape, value as Record<string, unknown>, context);
    },
  };
}

export function required<T>(field: Field<T, false>): Field<T, true> {
  return { ...field, required: true };
}

function camel(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function readMember<T>(field: Field<T>, value: unknown, context: Context): T | undefined {
  // JSON null counts as absent, as both SDKs treat it (facts §1.2).
  if (value === undefined || value === null) {
    if (field.required) context.issues.push(`Value null at '${context.at}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  return field.read(value, context);
}

function readShape<S extends Shape>(shape: S, body: Record<string, unknown>, context: Context): Input<S> | undefined {
  const result: Record<string, unknown> = {};
  const issuesBefore = context.issues.length;
  for (const [member, field] of Object.entries(shape)) {
    const at = context.at ? `${context.at}.${camel(member)}` : camel(member);
    const value = readMember(field, body[member], { at, issues: context.issues });
    if (value !== undefined) result[member] = value;
  }
  return context.issues.length === issuesBefore ? (result as Input<S>) : undefined;
}

/** Validates a whole request body against an operation's input shape. */
export function readInput<S extends Shape>(shape: S, body: Record<string, unknown>): Input<S> {
  const issues: string[] = [];
  const input = readShape(shape, body, { at: '', issues });
  if (input === undefined || issues.length > 0) {
    const count = issues.length === 1 ? '1 validation error detected' : `${issues.length} validation errors detected`;
    throw new SecretsManagerError('ValidationException', `${count}: ${issues.join('; ')}`);
  }
  return input;
}
