// Shared with the other backends' tests.
export { closeTo, seeded } from '@rectifier/training-steps';
