/**
 * A fixed-capacity ring of numbers backed by one Float64Array: pushing never allocates, and once
 * full each push overwrites the oldest value. Indices given to `at` count from the oldest value.
 * Invariant: 0 <= length <= capacity; `copyInto` writes oldest -> newest.
 */
export class ChannelRing {
  readonly capacity: number;
  private readonly values: Float64Array;
  /** Index the next push writes to. */
  private head = 0;
  private size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    this.values[this.head] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.size < this.capacity) this.size += 1;
  }

  /** The newest value, or NaN when the ring is empty. */
  latest(): number {
    if (this.size === 0) return NaN;
    return this.values[this.head === 0 ? this.capacity - 1 : this.head - 1] ?? NaN;
  }

  /** The value `index` places after the oldest one, or NaN outside `[0, length)`. */
  at(index: number): number {
    if (index < 0 || index >= this.size) return NaN;
    const start = this.head - this.size;
    const i = (start + index + this.capacity) % this.capacity;
    return this.values[i] ?? NaN;
  }

  /** Copies the values oldest -> newest to the start of `out` (two block copies); returns the count. */
  copyInto(out: Float64Array): number {
    if (out.length < this.size) {
      throw new RangeError(`target holds ${out.length} values, the ring has ${this.size}`);
    }
    const start = (this.head - this.size + this.capacity) % this.capacity;
    if (start + this.size <= this.capacity) {
      out.set(this.values.subarray(start, start + this.size), 0);
    } else {
      const firstPart = this.capacity - start;
      out.set(this.values.subarray(start), 0);
      out.set(this.values.subarray(0, this.size - firstPart), firstPart);
    }
    return this.size;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
