import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// Every ```ts block of the README runs as written, against the built packages, and its
// `// → ...` comments are, in order, what it prints.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const scratch = mkdtempSync(join(root, 'tooling', 'docs', '.examples-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(source: string, index: number): string {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = join(scratch, `example-${index}.mjs`);
  writeFileSync(file, outputText);
  return execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 110_000 });
}

/** Type-checks every example as a TypeScript user would compile it, against the built types. */
function typeErrors(sources: readonly string[]): string[] {
  const files = sources.map((source, index) => {
    const file = join(scratch, `check-${index}.ts`);
    writeFileSync(file, source);
    return file;
  });
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file?.fileName.split('/').pop() ?? '';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

function expectedPrints(source: string): string[] {
  return [...source.matchAll(/^\/\/ → (.*)$/gm)].map((match) => match[1] as string);
}

describe('README examples', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it('type-check in strict mode', () => {
    expect(typeErrors(examples)).toEqual([]);
  });

  examples.forEach((source, index) => {
    it(`example ${index + 1} runs and prints what its comments say`, () => {
      const printed = run(source, index)
        .split('\n')
        .filter((line) => line.length > 0);
      const expected = expectedPrints(source);
      expect(printed.length).toBeGreaterThan(0);
      if (expected.length > 0) expect(printed).toEqual(expected);
    });
  });
});
