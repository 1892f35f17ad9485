import { ACTIVATIONS, gradOpName } from '@rectifier/core';
import type { Kernel, KernelTable } from '../../kernel.js';
import { elementwiseForward, elementwiseGradient } from './elementwise.js';
import { preluGradKernel, preluKernel } from './prelu.js';
import { rectifiedKernels } from './rectified.js';
import { softmaxGradKernel, softmaxKernel } from './softmax.js';

function buildTable(): KernelTable {
  const table: Record<string, Kernel> = {};
  for (const spec of ACTIVATIONS) {
    if (spec.kind !== 'elementwise') continue;
    table[spec.op] = elementwiseForward(spec);
    if (spec.op !== 'Identity') table[gradOpName(spec.op)] = elementwiseGradient(spec);
  }

  return {
    ...table,
    ...rectifiedKernels,
    PRelu: preluKernel,
    PReluGrad: preluGradKernel,
    Softmax: softmaxKernel,
    SoftmaxGrad: softmaxGradKernel,
  };
}

/**
 * The CPU kernels of every op the activation spec defines: each elementwise activation and
 * its `${op}Grad` op (Identity has none), PRelu, PReluGrad, Softmax and SoftmaxGrad. Most
 * elementwise kernels apply the spec's scalar rules; the rectifiers that dominate training
 * time have hand-written loops that compute the same values.
 *
 * @example
 * const run = activationKernels['Relu']!.prepare(node, [[4]], [[4]]);
 * run([{ data: x, shape: [4] }], [{ data: y, shape: [4] }]);
 */
export const activationKernels: KernelTable = buildTable();
