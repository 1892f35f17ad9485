import { RectifierError } from '@rectifier/core';
import { mappingOf } from '../mapping/op-mapping.js';
import type { proto } from '../proto.js';

/** The domains ONNX's standard ops live in: '' and its spelled-out name. */
export function isDefaultDomain(domain: string | null | undefined): boolean {
  return !domain || domain === 'ai.onnx';
}

/**
 * Checks every node before any is translated, so that a model with several ops Rectifier
 * lacks gets one error listing all of them with their counts, not the first one only.
 */
export function checkSupported(
  nodes: readonly proto.INodeProto[],
  opset: number,
  source: string,
): void {
  const missing = new Map<string, number>();
  const tooNew = new Map<string, number>();
  for (const node of nodes) {
    const opType = node.opType ?? '';
    if (!isDefaultDomain(node.domain)) {
      const key = `${node.domain}.${opType}`;
      missing.set(key, (missing.get(key) ?? 0) + 1);
      continue;
    }
    const mapping = mappingOf(opType);
    if (!mapping) missing.set(opType, (missing.get(opType) ?? 0) + 1);
    else if ((mapping.sinceOpset ?? 1) > opset) tooNew.set(opType, mapping.sinceOpset ?? 1);
  }
  if (missing.size === 0 && tooNew.size === 0) return;

  const parts: string[] = [];
  if (missing.size > 0) {
    const list = [...missing].map(([op, count]) => `${op} (${count})`).join(', ');
    parts.push(`Rectifier has no import for ${list}.`);
  }
  if (tooNew.size > 0) {
    const list = [...tooNew].map(([op, since]) => `${op} (from opset ${since})`).join(', ');
    parts.push(`The model imports opset ${opset}, which does not define ${list}.`);
  }
  throw new RectifierError('UNSUPPORTED_OP', `${source}: ${parts.join(' ')}`);
}
