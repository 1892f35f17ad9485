import { AttributeError } from './errors.js';

/** An attribute value as ONNX knows them. */
export type AttributeValue = number | string | readonly number[] | readonly string[];

/** Attribute values by name. */
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** The declaration of one attribute: its type, default and allowed values. */
export type AttributeSpec =
  | {
      type: 'float' | 'int';
      default?: number;
      /** Inclusive bounds; either may be omitted. */
      min?: number;
      max?: number;
      /** Whether the bounds exclude their end points. */
      exclusive?: boolean;
      doc: string;
    }
  | { type: 'string'; default?: string; oneOf?: readonly string[]; doc: string }
  | { type: 'ints' | 'floats'; default?: readonly number[]; doc: string };

/** Attribute declarations by name. */
export type AttributeSchema = Readonly<Record<string, AttributeSpec>>;

function describeRange(spec: { min?: number; max?: number; exclusive?: boolean }): string {
  const open = spec.exclusive ? '(' : '[';
  const close = spec.exclusive ? ')' : ']';
  return `${open}${spec.min ?? '-Infinity'}, ${spec.max ?? 'Infinity'}${close}`;
}

function checkNumber(op: string, name: string, spec: AttributeSpec, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    const shown = typeof value === 'string' ? `the string '${value}'` : String(value);
    throw new AttributeError(`${op}: attribute '${name}' must be a number, got ${shown}.`);
  }
  // No attribute of the op set means anything at infinity, and an infinite slope or scale
  // would only turn outputs into NaN later, far from the cause.
  if (!Number.isFinite(value)) {
    throw new AttributeError(`${op}: attribute '${name}' must be finite, got ${value}.`);
  }
  if (spec.type === 'int' && !Number.isInteger(value)) {
    throw new AttributeError(`${op}: attribute '${name}' must be an integer, got ${value}.`);
  }
  if (spec.type === 'float' || spec.type === 'int') {
    const below = spec.min !== undefined && (spec.exclusive ? value <= spec.min : value < spec.min);
    const above = spec.max !== undefined && (spec.exclusive ? value >= spec.max : value > spec.max);
    if (below || above) {
      throw new AttributeError(
        `${op}: attribute '${name}' is ${value}, outside its allowed range ${describeRange(spec)}.`,
      );
    }
  }
  return value;
}

/**
 * Checks given attributes against a schema and fills in defaults.
 * Unknown names, wrong types and values out of range throw an AttributeError.
 */
export function resolveAttributes(
  op: string,
  schema: AttributeSchema,
  given: Attributes = {},
): Record<string, AttributeValue> {
  for (const name of Object.keys(given)) {
    if (!(name in schema)) {
      const known = Object.keys(schema);
      throw new AttributeError(
        `${op} has no attribute '${name}'` +
          (known.length ? `; its attributes are ${known.join(', ')}.` : '; it takes none.'),
      );
    }
  }

  const resolved: Record<string, AttributeValue> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const value = given[name] ?? spec.default;
    if (value === undefined) continue;
    if (spec.type === 'float' || spec.type === 'int') {
      resolved[name] = checkNumber(op, name, spec, value);
    } else if (spec.type === 'string') {
      if (typeof value !== 'string') {
        throw new AttributeError(`${op}: attribute '${name}' must be a string.`);
      }
      if (spec.oneOf && !spec.oneOf.includes(value)) {
        throw new AttributeError(
          `${op}: attribute '${name}' is '${value}'; use one of ${spec.oneOf.join(', ')}.`,
        );
      }
      resolved[name] = value;
    } else {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'number')) {
        throw new AttributeError(`${op}: attribute '${name}' must be a list of numbers.`);
      }
      resolved[name] = value as readonly number[];
    }
  }
  return resolved;
}
