/**
 * GdsfPolicy's history (a Map of evicted models' halved frequencies, the oldest dropped past
 * `limit`), on typed arrays: the replay evicts millions of times, and a Map's set, delete and
 * oldest-key iterator were most of the GDSF replay's cost. Entries are queued in eviction order
 * with a token; forgetting a model (it was admitted again) leaves its queue entry behind, dead,
 * to be skipped when it reaches the head. Same contents and the same oldest-first order as the Map.
 */
export class EvictedHistory {
  private readonly frequency: Float64Array;
  /** The token of the model's live entry; 0 when it is not remembered. */
  private readonly token: Float64Array;
  private nextToken = 0;
  private live = 0;
  private queueModel = new Int32Array(1024);
  private queueToken = new Float64Array(1024);
  private head = 0;
  private size = 0;

  constructor(
    models: number,
    private readonly limit: number,
  ) {
    this.frequency = new Float64Array(models);
    this.token = new Float64Array(models);
  }

  /** The remembered frequency (0 if none), forgetting it: Map.get then Map.delete. */
  take(model: number): number {
    if (this.token[model] === 0) return 0;
    this.token[model] = 0;
    this.live--;
    return this.frequency[model]!;
  }

  /** Remembers a model just evicted (it is never remembered already: admitting forgot it). */
  remember(model: number, frequency: number): void {
    const token = ++this.nextToken;
    this.token[model] = token;
    this.frequency[model] = frequency;
    this.live++;
    this.enqueue(model, token);
    while (this.live > this.limit) {
      const m = this.queueModel[this.head]!;
      const t = this.queueToken[this.head]!;
      this.head = (this.head + 1) % this.queueModel.length;
      this.size--;
      if (this.token[m] === t) {
        this.token[m] = 0;
        this.live--;
      }
    }
  }

  private enqueue(model: number, token: number): void {
    if (this.size === this.queueModel.length) this.grow();
    const at = (this.head + this.size) % this.queueModel.length;
    this.queueModel[at] = model;
    this.queueToken[at] = token;
    this.size++;
  }

  private grow(): void {
    const n = this.queueModel.length;
    const models = new Int32Array(n * 2);
    const tokens = new Float64Array(n * 2);
    for (let i = 0; i < this.size; i++) {
      models[i] = this.queueModel[(this.head + i) % n]!;
      tokens[i] = this.queueToken[(this.head + i) % n]!;
    }
    this.queueModel = models;
    this.queueToken = tokens;
    this.head = 0;
  }
}
