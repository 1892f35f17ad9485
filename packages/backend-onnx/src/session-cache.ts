import { RectifierError, type Graph } from '@rectifier/core';
import type { OrtRuntime, OrtSession, OrtSessionOptions } from './runtime.js';

/** A session in use by one program; `release` hands it back to the cache. */
export interface SessionLease {
  readonly session: OrtSession;
  release(): void;
}

interface Entry {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly session: Promise<OrtSession>;
  users: number;
}

/** FNV-1a over the model bytes: cheap, and a hit is confirmed by comparing the bytes. */
function hashOf(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) {
    hash = Math.imul(hash ^ (bytes[index] as number), 0x01000193);
  }
  return `${(hash >>> 0).toString(16)}:${bytes.length}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** ONNX Runtime's refusal to load a model, as a Rectifier error that names the graph. */
function loadError(graph: Graph, error: unknown): RectifierError {
  const message = error instanceof Error ? error.message : String(error);
  const missingKernel = /Could not find an implementation|NOT_IMPLEMENTED/.test(message);
  return new RectifierError(
    missingKernel ? 'UNSUPPORTED_OP' : 'INVALID_GRAPH',
    `ONNX Runtime cannot load graph '${graph.name}': ${message.trim()}` +
      (missingKernel ? ' Choose another backend for it, for example --backend cpu.' : ''),
    { cause: error },
  );
}

/**
 * The sessions of a backend, by the model they run. Programs whose graphs serialise to the same
 * bytes share one session; sessions no program uses are kept for reuse, the most recently
 * released ones first, up to `maxIdle`.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry[]>();
  /** Unused entries, oldest first. */
  private readonly idle = new Set<Entry>();

  constructor(
    private readonly runtime: OrtRuntime,
    private readonly options: OrtSessionOptions,
    private readonly maxIdle: number,
  ) {}

  /** How many sessions the cache holds, in use or idle. */
  get size(): number {
    let count = 0;
    for (const list of this.entries.values()) count += list.length;
    return count;
  }

  /** The session of a model, made on first use; one lease per program. */
  async acquire(bytes: Uint8Array, graph: Graph): Promise<SessionLease> {
    const key = hashOf(bytes);
    const list = this.entries.get(key) ?? [];
    let entry = list.find((candidate) => sameBytes(candidate.bytes, bytes));
    if (!entry) {
      entry = {
        key,
        bytes,
        session: this.runtime.InferenceSession.create(bytes, this.options),
        users: 0,
      };
      list.push(entry);
      this.entries.set(key, list);
    }
    entry.users++;
    this.idle.delete(entry);

    let session: OrtSession;
    try {
      session = await entry.session;
    } catch (error) {
      this.remove(entry);
      throw loadError(graph, error);
    }
    const held = entry;
    let released = false;
    return {
      session,
      release: () => {
        if (released) return;
        released = true;
        if (--held.users === 0) this.park(held);
      },
    };
  }

  /** Releases every session, in use or not. */
  async clear(): Promise<void> {
    const all = [...this.entries.values()].flat();
    this.entries.clear();
    this.idle.clear();
    await Promise.all(all.map((entry) => this.close(entry)));
  }

  private park(entry: Entry): void {
    this.idle.add(entry);
    while (this.idle.size > this.maxIdle) {
      const oldest = this.idle.values().next().value as Entry;
      this.remove(oldest);
      void this.close(oldest);
    }
  }

  private remove(entry: Entry): void {
    this.idle.delete(entry);
    const list = (this.entries.get(entry.key) ?? []).filter((other) => other !== entry);
    if (list.length > 0) this.entries.set(entry.key, list);
    else this.entries.delete(entry.key);
  }

  private async close(entry: Entry): Promise<void> {
    try {
      await (await entry.session).release();
    } catch {
      // A session that failed to load, or is already released, holds nothing.
    }
  }
}
