/**
 * The conformance cases the WebGPU backend cannot pass yet, by case name, with one line of why
 * each. `rectifier conformance --backend webgpu` applies them, as the package's own test does.
 */
export const conformanceExclusions: Readonly<Record<string, string>> = {};
