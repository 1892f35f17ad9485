import { activationOps } from './activations.js';
import { clip, clipGrad } from './clip.js';
import { add, div, mul, neg, sub } from './elementwise.js';
import { gemm, matMul } from './gemm.js';
import { logSoftmax } from './log-softmax.js';
import {
  meanSquaredError,
  meanSquaredErrorGrad,
  softmaxCrossEntropyLoss,
  softmaxCrossEntropyLossGrad,
} from './losses.js';
import { adamUpdate, sgdUpdate } from './optimizers.js';
import { argMax, reduceMean, reduceSum, reduceSumSquare } from './reduce.js';
import { reshape } from './reshape.js';
import type { OpDef } from '../op.js';

/** The op set Rectifier ships. */
export const BUILTIN_OPS: readonly OpDef[] = [
  ...activationOps(),
  add,
  sub,
  mul,
  div,
  neg,
  gemm,
  matMul,
  reduceSum,
  reduceMean,
  reduceSumSquare,
  argMax,
  softmaxCrossEntropyLoss,
  softmaxCrossEntropyLossGrad,
  meanSquaredError,
  meanSquaredErrorGrad,
  sgdUpdate,
  adamUpdate,
  clip,
  clipGrad,
  reshape,
  logSoftmax,
];
