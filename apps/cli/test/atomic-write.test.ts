import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWritable, writeFileAtomic } from '../src/atomic-write.js';
import { RunError, UsageError } from '../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rectifier-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the whole text and leaves only the target', () => {
    const file = join(dir, 'out.json');
    writeFileAtomic(file, '{"a": 1}\n');
    writeFileAtomic(file, '{"a": 2}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"a": 2}\n');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('removes its temporary file when the rename fails', () => {
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(target, 'text')).toThrow(RunError);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('checkWritable', () => {
  it('accepts a new file in an existing directory and leaves nothing behind', () => {
    checkWritable(join(dir, 'new.json'), '--metrics');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects a missing directory and a directory as the file, naming the option', () => {
    expect(() => checkWritable(join(dir, 'missing', 'x.json'), '--metrics')).toThrow(
      /--metrics .* does not exist/,
    );
    expect(() => checkWritable(dir, '--save')).toThrow(UsageError);
  });
});
