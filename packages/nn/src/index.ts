export { Activation } from './layers/activation.js';
export { Dense, MAX_DENSE_WEIGHTS, type DenseOptions } from './layers/dense.js';
export { INITIALIZERS, initializeWeights, type Initializer } from './layers/initializers.js';
export type { Layer, LayerConfig, Parameter } from './layers/layer.js';
export {
  mlp,
  networkInput,
  Sequential,
  type ForwardPass,
  type MlpOptions,
  type NetworkConfig,
} from './layers/sequential.js';
export { ActivationStats } from './analysis/activation-stats.js';
export { addLoss, LOSSES, type LossName, type LossPass } from './training/losses.js';
export {
  addOptimizerStep,
  OPTIMIZERS,
  type AdamOptions,
  type OptimizerOptions,
  type SgdOptions,
} from './training/optimizers.js';
export {
  activationOutput,
  compileEvaluation,
  evaluationGraph,
  gradientNormOutput,
  trainingGraph,
  TRAIN_OUTPUTS,
  type TrainingGraphOptions,
} from './training/programs.js';
export type { Samples } from './training/samples.js';
export {
  Trainer,
  type EpochRecord,
  type EpochTraining,
  type Evaluation,
  type TrainerOptions,
} from './training/trainer.js';
export {
  deserializeNetwork,
  MODEL_FORMAT,
  MODEL_VERSION,
  serializeNetwork,
} from './serialization.js';
export { activate, activationGrad, ACTIVATIONS, getActivation, loadBackend } from '@rectifier/core';
