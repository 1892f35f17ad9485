import { activationOps } from './activations.js';
import { clip, clipGrad } from './clip.js';
import { add, div, mul, neg, sub } from './elementwise.js';
import { flatten } from './flatten.js';
import { gemm, matMul } from './gemm.js';
import { logSoftmax } from './log-softmax.js';
import {
  meanSquaredError,
  meanSquaredErrorGrad,
  softmaxCrossEntropyLoss,
  softmaxCrossEntropyLossGrad,
} from './losses.js';
import { adamUpdate, sgdUpdate } from './optimizers.js';
import { pow } from './pow.js';
import { argMax, reduceMax, reduceMean, reduceSum, reduceSumSquare } from './reduce.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';
import { abs, erf, exp, log, sign, sqrt } from './unary.js';
import { max, mean, min, sum } from './variadic.js';
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
  abs,
  sign,
  exp,
  log,
  sqrt,
  erf,
  pow,
  sum,
  mean,
  max,
  min,
  reduceMax,
  transpose,
  flatten,
];
