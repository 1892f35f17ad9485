import { UnknownNameError } from '../errors.js';
import type { OpDef } from '../op.js';
import { BUILTIN_OPS } from './builtin.js';

const registry = new Map<string, OpDef>(BUILTIN_OPS.map((def) => [def.name, def]));

/** Adds an op to the op set; a second definition under the same name replaces the first. */
export function registerOp(def: OpDef): void {
  registry.set(def.name, def);
}

/** The definition of an op, or an UnknownNameError that lists the ops there are. */
export function getOp(name: string): OpDef {
  const def = registry.get(name);
  if (!def) throw new UnknownNameError('op', name, [...registry.keys()].sort());
  return def;
}

/** Whether an op is in the op set. */
export function hasOp(name: string): boolean {
  return registry.has(name);
}

/** Every op in the op set, in registration order. */
export function listOps(): readonly OpDef[] {
  return [...registry.values()];
}
