/**
 * The conformance cases the CPU backend cannot pass yet, by case name, with one line of why
 * each. It runs every op of the op set and every vendored case, so the list is empty; a gap
 * found later goes here, never into a skipped test. `rectifier conformance` reads it.
 */
export const conformanceExclusions: Readonly<Record<string, string>> = {};
