import type { KernelTable } from '../kernel.js';
import { activationKernels } from './activations/index.js';
import { addKernel, divKernel, mulKernel, subKernel } from './elementwise/binary.js';
import { clipGradKernel, clipKernel } from './elementwise/clip.js';
import { negKernel } from './elementwise/neg.js';
import { powKernel } from './elementwise/pow.js';
import { maxKernel, meanKernel, minKernel, sumKernel } from './elementwise/variadic.js';
import { gemmKernel } from './gemm/gemm.js';
import { matMulKernel } from './gemm/mat-mul.js';
import { logSoftmaxKernel } from './losses/log-softmax.js';
import { meanSquaredErrorGradKernel, meanSquaredErrorKernel } from './losses/mean-squared-error.js';
import {
  softmaxCrossEntropyLossGradKernel,
  softmaxCrossEntropyLossKernel,
} from './losses/softmax-cross-entropy.js';
import { adamUpdateKernel } from './optimizers/adam-update.js';
import { sgdUpdateKernel } from './optimizers/sgd-update.js';
import { argMaxKernel } from './reduce/arg-max.js';
import { reduceMaxKernel } from './reduce/reduce-max.js';
import { reduceMeanKernel, reduceSumKernel, reduceSumSquareKernel } from './reduce/reduce.js';
import { flattenKernel } from './shape/flatten.js';
import { reshapeKernel } from './shape/reshape.js';
import { transposeKernel } from './shape/transpose.js';
import {
  absKernel,
  erfKernel,
  expKernel,
  logKernel,
  signKernel,
  sqrtKernel,
} from './unary/math.js';

/** Every kernel of the CPU backend, by op name: the activations and everything else. */
export const cpuKernels: KernelTable = {
  ...activationKernels,
  Add: addKernel,
  Sub: subKernel,
  Mul: mulKernel,
  Div: divKernel,
  Neg: negKernel,
  Clip: clipKernel,
  ClipGrad: clipGradKernel,
  Gemm: gemmKernel,
  MatMul: matMulKernel,
  ReduceSum: reduceSumKernel,
  ReduceMean: reduceMeanKernel,
  ReduceSumSquare: reduceSumSquareKernel,
  ArgMax: argMaxKernel,
  Reshape: reshapeKernel,
  LogSoftmax: logSoftmaxKernel,
  SoftmaxCrossEntropyLoss: softmaxCrossEntropyLossKernel,
  SoftmaxCrossEntropyLossGrad: softmaxCrossEntropyLossGradKernel,
  MeanSquaredError: meanSquaredErrorKernel,
  MeanSquaredErrorGrad: meanSquaredErrorGradKernel,
  SGDUpdate: sgdUpdateKernel,
  AdamUpdate: adamUpdateKernel,
  Abs: absKernel,
  Sign: signKernel,
  Exp: expKernel,
  Log: logKernel,
  Sqrt: sqrtKernel,
  Erf: erfKernel,
  Pow: powKernel,
  Sum: sumKernel,
  Mean: meanKernel,
  Max: maxKernel,
  Min: minKernel,
  ReduceMax: reduceMaxKernel,
  Transpose: transposeKernel,
  Flatten: flattenKernel,
};
