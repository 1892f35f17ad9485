export { CpuBackend, createBackend } from './cpu-backend.js';
export type { Kernel, KernelRun, KernelTable, View } from './kernel.js';
export { cpuKernels } from './kernels/index.js';
export { prepareGemm, type GemmRun, type GemmShape } from './kernels/gemm/blocked-gemm.js';
export { CpuProgram } from './program.js';
