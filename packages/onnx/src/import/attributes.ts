import type { AttributeValue } from '@rectifier/core';
import { tensorFromProto, type DecodedTensor } from '../tensor-proto.js';
import { onnx, toNumber, type proto } from '../proto.js';

/** An attribute of an ONNX node: a core attribute value, a tensor, or a kind Rectifier lacks. */
export type OnnxAttributeValue = AttributeValue | DecodedTensor | { readonly unsupported: string };

const decoder = new TextDecoder();
const { AttributeType } = onnx.AttributeProto;

/**
 * The shortest decimal that rounds to the same float32. ONNX stores float attributes as
 * float32, so 0.2 arrives as 0.20000000298023224; reading it back as 0.2 shows users what the
 * model's author wrote, and float32 kernels and re-export get the identical bits.
 */
export function float32Decimal(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let precision = 1; precision <= 9; precision++) {
    const decimal = Number(value.toPrecision(precision));
    if (Math.fround(decimal) === value) return decimal;
  }
  return value;
}

/** The attribute's type; files from IR version 1 may leave it out, so the set field tells. */
function typeOf(attribute: proto.IAttributeProto): number {
  if (attribute.type) return attribute.type;
  const has = (field: string) => Object.prototype.hasOwnProperty.call(attribute, field);
  if (attribute.floats?.length) return AttributeType.FLOATS;
  if (attribute.ints?.length) return AttributeType.INTS;
  if (attribute.strings?.length) return AttributeType.STRINGS;
  if (attribute.t) return AttributeType.TENSOR;
  if (attribute.g) return AttributeType.GRAPH;
  if (has('s')) return AttributeType.STRING;
  if (has('i')) return AttributeType.INT;
  if (has('f')) return AttributeType.FLOAT;
  return AttributeType.UNDEFINED;
}

function decodeAttribute(attribute: proto.IAttributeProto, where: string): OnnxAttributeValue {
  const type = typeOf(attribute);
  switch (type) {
    case AttributeType.FLOAT:
      return float32Decimal(attribute.f ?? 0);
    case AttributeType.INT:
      return toNumber(attribute.i);
    case AttributeType.STRING:
      return decoder.decode(attribute.s ?? new Uint8Array());
    case AttributeType.FLOATS:
      return (attribute.floats ?? []).map(float32Decimal);
    case AttributeType.INTS:
      return (attribute.ints ?? []).map(toNumber);
    case AttributeType.STRINGS:
      return (attribute.strings ?? []).map((bytes) => decoder.decode(bytes));
    case AttributeType.TENSOR:
      return tensorFromProto(attribute.t ?? {}, where);
    default:
      return { unsupported: AttributeType[type] ?? `type ${type}` };
  }
}

/** The attributes of a node by name. */
export function decodeAttributes(
  attributes: readonly proto.IAttributeProto[],
  where: string,
): Map<string, OnnxAttributeValue> {
  return new Map(
    attributes.map((attribute) => [attribute.name ?? '', decodeAttribute(attribute, where)]),
  );
}
