export { CpuBackend, createBackend, type CpuBackendOptions } from './cpu-backend.js';
export type { Kernel, KernelContext, KernelRun, KernelTable, View } from './kernel.js';
export { cpuKernels } from './kernels/index.js';
export { prepareGemm, type GemmRun, type GemmShape } from './kernels/gemm/blocked-gemm.js';
export { CpuProgram } from './program.js';
export { ThreadPool } from './threads/pool.js';
export { THREADS_VARIABLE } from './threads/thread-count.js';
export { conformanceExclusions } from './conformance-exclusions.js';
