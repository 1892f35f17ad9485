export {
  CLASSES,
  FEATURES,
  TRAINING_STEP_CASES,
  trainingStepGraph,
  type TrainingStepCase,
} from './cases.js';
export {
  checkTrainingSteps,
  TRAINING_STEP_BATCHES,
  type TrainingStepOptions,
  type TrainingStepTolerances,
} from './check.js';
export { runTrainingSteps, stepFeeds } from './steps.js';
export { closeTo, seeded } from './values.js';
