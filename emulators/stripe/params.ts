/**
 * Request parameters, validated at the edge against a per-route schema that reads like the API
 * reference. Unknown parameters are refused (`parameter_unknown` with the bracketed `param`), values
 * are coerced from form strings, and handlers receive plain values they can trust.
 * An empty value (`description=`) means "unset", as in Stripe's `Emptyable` parameters.
 */
import { invalidRequest, parameterMissing, parameterUnknown } from './errors';
import type { FormValue } from './form-encoding';

export type ParamSpec =
  | { kind: 'string'; maxLength?: number }
  | { kind: 'integer'; min?: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  /** `off_session` takes `true`/`false` or one of a few words. */
  | { kind: 'booleanOrEnum'; values: readonly string[] }
  | { kind: 'metadata' }
  | { kind: 'array'; of: ParamSpec }
  | { kind: 'hash'; fields: Readonly<Record<string, ParamSpec>>; required?: readonly string[] }
  /** Accepted and dropped: Stripe.js telemetry such as `guid`, `muid`, `time_on_page`. */
  | { kind: 'ignored' };

export type HashSpec = Extract<ParamSpec, { kind: 'hash' }>;

export const str = (maxLength?: number): ParamSpec =>
  maxLength === undefined ? { kind: 'string' } : { kind: 'string', maxLength };
export const int = (min?: number): ParamSpec => (min === undefined ? { kind: 'integer' } : { kind: 'integer', min });
export const bool = (): ParamSpec => ({ kind: 'boolean' });
export const oneOf = (...values: string[]): ParamSpec => ({ kind: 'enum', values });
export const boolOr = (...values: string[]): ParamSpec => ({ kind: 'booleanOrEnum', values });
export const metadata = (): ParamSpec => ({ kind: 'metadata' });
export const list = (of: ParamSpec): ParamSpec => ({ kind: 'array', of });
export const ignored = (): ParamSpec => ({ kind: 'ignored' });
export const hash = (fields: Record<string, ParamSpec>, required: readonly string[] = []): HashSpec => ({
  kind: 'hash',
  fields,
  required,
});

export type ParamValue = string | number | boolean | ParamValue[] | ParamHash;
export interface ParamHash {
  [key: string]: ParamValue;
}

/** Stripe's enum message lists the values as "a, b, or c". */
function enumeration(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}[${key}]`;
}

function lastName(path: string): string {
  const match = /([^[\]]+)\]?$/.exec(path);
  return match?.[1] ?? path;
}

function coerce(value: FormValue, spec: ParamSpec, path: string): ParamValue | undefined {
  if (value === '' && spec.kind !== 'string') return undefined;
  switch (spec.kind) {
    case 'ignored':
      return undefined;
    case 'string': {
      if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${path} must be a string`, { param: path });
      if (value === '') return undefined;
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        throw invalidRequest(
          `Invalid string: ${value.slice(0, 40)}; must be at most ${spec.maxLength} characters`,
          { param: path },
        );
      }
      return value;
    }
    case 'integer': {
      if (typeof value !== 'string' || !/^-?\d{1,15}$/.test(value)) {
        throw invalidRequest(`Invalid integer: ${typeof value === 'string' ? value : path}`, {
          code: 'parameter_invalid_integer',
          param: path,
        });
      }
      const n = Number(value);
      if (spec.min !== undefined && n < spec.min) {
        throw invalidRequest(`This value must be greater than or equal to ${spec.min}.`, {
          code: 'parameter_invalid_integer',
          param: path,
        });
      }
      return n;
    }
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      throw invalidRequest(`Invalid boolean: ${typeof value === 'string' ? value : path}`, { param: path });
    case 'booleanOrEnum':
      if (value === 'true') return true;
      if (value === 'false') return false;
      if (typeof value === 'string' && spec.values.includes(value)) return value;
      throw invalidRequest(`Invalid ${lastName(path)}: must be one of true, false, ${enumeration(spec.values)}`, {
        param: path,
      });
    case 'enum':
      if (typeof value === 'string' && spec.values.includes(value)) return value;
      throw invalidRequest(`Invalid ${lastName(path)}: must be one of ${enumeration(spec.values)}`, { param: path });
    case 'metadata': {
      if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest('Invalid hash', { param: path });
      const out: ParamHash = {};
      for (const [key, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw invalidRequest('Invalid hash', { param: child(path, key) });
        if (key.length > 40) {
          throw invalidRequest('Metadata keys can have up to 40 characters.', { param: child(path, key) });
        }
        if (v.length > 500) {
          throw invalidRequest('Metadata values can have up to 500 characters.', { param: child(path, key) });
        }
        if (v !== '') out[key] = v;
      }
      return out;
    }
    case 'array': {
      if (!Array.isArray(value)) throw invalidRequest('Invalid array', { param: path });
      const out: ParamValue[] = [];
      value.forEach((item, i) => {
        const coerced = coerce(item, spec.of, `${path}[${i}]`);
        if (coerced !== undefined) out.push(coerced);
      });
      return out;
    }
    case 'hash':
      if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest('Invalid hash', { param: path });
      return validateHash(value, spec, path);
  }
}

function validateHash(value: { [key: string]: FormValue }, spec: HashSpec, path: string): ParamHash {
  const out: ParamHash = {};
  for (const [key, v] of Object.entries(value)) {
    const fieldSpec = Object.prototype.hasOwnProperty.call(spec.fields, key) ? spec.fields[key] : undefined;
    if (fieldSpec === undefined) throw parameterUnknown(child(path, key));
    const coerced = coerce(v, fieldSpec, child(path, key));
    if (coerced !== undefined) out[key] = coerced;
  }
  for (const key of spec.required ?? []) {
    if (out[key] === undefined) throw parameterMissing(child(path, key));
  }
  return out;
}

/** Validates a decoded request against its route's schema; throws Stripe's 400 on the first problem. */
export function validateParams(raw: { [key: string]: FormValue }, schema: HashSpec): ParamHash {
  return validateHash(raw, schema, '');
}

/** Typed readers for validated params, so handlers don't cast. */
export const read = {
  string(params: ParamHash, key: string): string | undefined {
    const v = params[key];
    return typeof v === 'string' ? v : undefined;
  },
  integer(params: ParamHash, key: string): number | undefined {
    const v = params[key];
    return typeof v === 'number' ? v : undefined;
  },
  boolean(params: ParamHash, key: string): boolean | undefined {
    const v = params[key];
    return typeof v === 'boolean' ? v : undefined;
  },
  hash(params: ParamHash, key: string): ParamHash | undefined {
    const v = params[key];
    return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  },
  strings(params: ParamHash, key: string): string[] | undefined {
    const v = params[key];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  },
  metadata(params: ParamHash, key: string): Record<string, string> | undefined {
    const h = read.hash(params, key);
    if (h === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) if (typeof v === 'string') out[k] = v;
    return out;
  },
};
