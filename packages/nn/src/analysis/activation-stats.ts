/**
 * Per-layer statistics of rectified activations over a data set: sparsity (the fraction of
 * exact zeros) and dead units (units that are zero for every sample).
 */
export class ActivationStats {
  private zeros = 0;
  private total = 0;
  private readonly alive: Uint8Array;

  constructor(readonly units: number) {
    this.alive = new Uint8Array(units);
  }

  /** Adds a batch of activations, [rows, units] row-major. */
  add(values: Float32Array, rows: number): void {
    const { units, alive } = this;
    let zeros = 0;
    for (let row = 0; row < rows; row++) {
      const offset = row * units;
      for (let unit = 0; unit < units; unit++) {
        if (values[offset + unit] === 0) zeros++;
        else alive[unit] = 1;
      }
    }
    this.zeros += zeros;
    this.total += rows * units;
  }

  /** The fraction of activations that were exactly 0. */
  get sparsity(): number {
    return this.total === 0 ? 0 : this.zeros / this.total;
  }

  /** The number of units that were 0 for every sample seen. */
  get deadUnits(): number {
    let dead = 0;
    for (const flag of this.alive) if (flag === 0) dead++;
    return dead;
  }
}
