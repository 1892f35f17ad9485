import type { StateUpdate } from '@rectifier/core';
import { invalidModel, type proto } from './proto.js';

/**
 * Rectifier's own facts about a graph that ONNX has no field for, kept in the model's
 * metadata_props so that export then import gives the graph back.
 */
export const METADATA_KEYS = {
  /** JSON [{ parameter, value }]: after each run, output `value` is written into `parameter`. */
  updates: 'rectifier.updates',
  /** JSON [name]: the initialisers that training changes. */
  trainable: 'rectifier.trainable',
} as const;

/** What a model's metadata says of updates and trainable initialisers. */
export interface ModelMetadata {
  readonly updates: readonly StateUpdate[];
  /** Undefined for models Rectifier did not write. */
  readonly trainable?: ReadonlySet<string>;
}

function parse(text: string, key: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidModel(source, `metadata '${key}' is not valid JSON.`, error);
  }
}

/** Reads Rectifier's metadata from a model; a foreign model has none. */
export function readMetadata(model: proto.IModelProto, source: string): ModelMetadata {
  const props = new Map((model.metadataProps ?? []).map((prop) => [prop.key, prop.value ?? '']));
  const updatesText = props.get(METADATA_KEYS.updates);
  const trainableText = props.get(METADATA_KEYS.trainable);

  const updates = updatesText ? parse(updatesText, METADATA_KEYS.updates, source) : [];
  const validUpdates =
    Array.isArray(updates) &&
    updates.every(
      (item: unknown) =>
        typeof (item as StateUpdate)?.parameter === 'string' &&
        typeof (item as StateUpdate)?.value === 'string',
    );
  if (!validUpdates) {
    throw invalidModel(source, `metadata '${METADATA_KEYS.updates}' must list {parameter, value}.`);
  }

  const trainable = trainableText
    ? parse(trainableText, METADATA_KEYS.trainable, source)
    : undefined;
  if (
    trainable !== undefined &&
    !(Array.isArray(trainable) && trainable.every((name) => typeof name === 'string'))
  ) {
    throw invalidModel(source, `metadata '${METADATA_KEYS.trainable}' must list names.`);
  }
  return {
    updates: updates as StateUpdate[],
    ...(trainable ? { trainable: new Set(trainable as string[]) } : {}),
  };
}

/** The metadata entries that record a graph's updates and trainable initialisers. */
export function writeMetadata(
  updates: readonly StateUpdate[],
  trainable: readonly string[],
): proto.IStringStringEntryProto[] {
  return [
    { key: METADATA_KEYS.updates, value: JSON.stringify(updates) },
    { key: METADATA_KEYS.trainable, value: JSON.stringify(trainable) },
  ];
}
