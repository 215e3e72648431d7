/**
 * The loads under way on one instance, earliest completion first (ties: lower model id). A
 * sorted run of typed arrays: a load is inserted from the back (it usually completes after
 * those already under way, so it rarely moves far) and taken from the front. The replay asks
 * for the next completion once per load; this was cheaper than a binary heap there.
 */
export class LoadQueue {
  private head = 0;
  private tail = 0;
  private model = new Int32Array(64);
  private at = new Float64Array(64);

  get length(): number {
    return this.tail - this.head;
  }

  /** When the earliest load completes; Infinity when none is under way. */
  get nextAt(): number {
    return this.tail > this.head ? this.at[this.head]! : Infinity;
  }

  /** Adds a load; returns when the earliest load now completes (the new nextAt). */
  push(model: number, readyAt: number): number {
    if (this.tail === this.model.length) this.makeRoom();
    let i = this.tail++;
    while (i > this.head) {
      const prevAt = this.at[i - 1]!;
      if (prevAt < readyAt || (prevAt === readyAt && this.model[i - 1]! < model)) break;
      this.at[i] = prevAt;
      this.model[i] = this.model[i - 1]!;
      i--;
    }
    this.at[i] = readyAt;
    this.model[i] = model;
    return this.at[this.head]!;
  }

  /** Removes and returns the model whose load completes first. */
  pop(): number {
    return this.model[this.head++]!;
  }

  /** Slides the run to the front, or doubles the arrays when it fills more than half. */
  private makeRoom(): void {
    const size = this.tail - this.head;
    if (size * 2 > this.model.length) {
      const model = new Int32Array(this.model.length * 2);
      const at = new Float64Array(this.at.length * 2);
      model.set(this.model.subarray(this.head, this.tail));
      at.set(this.at.subarray(this.head, this.tail));
      this.model = model;
      this.at = at;
    } else {
      this.model.copyWithin(0, this.head, this.tail);
      this.at.copyWithin(0, this.head, this.tail);
    }
    this.head = 0;
    this.tail = size;
  }
}
