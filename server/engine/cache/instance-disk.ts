import { mkdir, rm } from "node:fs/promises";

type DiskCopy = { folder: string; bytes: number; lastUsed: number };

/**
 * One instance's model packages on disk, as SageMaker keeps them after unloading a model from
 * memory: a later load skips the download. Folders are named by whoever downloads (a random
 * suffix), never by the target model (an arbitrary S3 key). A copy in use (its model loading or loaded) is pinned; unpinned
 * copies are deleted least recently used first when a new package needs the room. Copies in
 * use are never deleted, so while every copy is in use the disk may hold more than its budget
 * until a model is evicted from memory (then it is trimmed back).
 */
export class InstanceDisk {
  private readonly copies = new Map<string, DiskCopy>();
  private readonly pins = new Map<string, number>();
  private rootReady: Promise<string> | undefined;

  constructor(
    readonly root: string,
    readonly budgetBytes: number,
    private readonly now: () => number,
    private readonly onDelete: (key: string, bytes: number) => void,
  ) {}

  get usedBytes(): number {
    let n = 0;
    for (const c of this.copies.values()) n += c.bytes;
    return n;
  }

  /** The folder of `key`'s package, marking it used; undefined when it is not on disk. */
  use(key: string): string | undefined {
    const copy = this.copies.get(key);
    if (copy) copy.lastUsed = this.now();
    return copy?.folder;
  }

  pin(key: string): void {
    this.pins.set(key, (this.pins.get(key) ?? 0) + 1);
  }

  unpin(key: string): void {
    const n = (this.pins.get(key) ?? 0) - 1;
    if (n > 0) this.pins.set(key, n);
    else this.pins.delete(key);
  }

  /** The folder downloads create theirs in, made on first use (and again after `clear`). */
  ensureRoot(): Promise<string> {
    return (this.rootReady ??= mkdir(this.root, { recursive: true }).then(() => this.root));
  }

  /** Records a downloaded package and deletes unpinned copies until the disk is within budget again. */
  async add(key: string, folder: string, bytes: number): Promise<void> {
    this.copies.set(key, { folder, bytes, lastUsed: this.now() });
    await this.trim();
  }

  /** Deletes unpinned copies, least recently used first, until `extra` more bytes fit. */
  async trim(extra = 0): Promise<void> {
    while (this.usedBytes + extra > this.budgetBytes) {
      const victim = [...this.copies].filter(([key]) => !this.pins.has(key)).sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (!victim) return;
      await this.delete(victim[0]);
    }
  }

  async delete(key: string): Promise<void> {
    const copy = this.copies.get(key);
    if (!copy) return;
    this.copies.delete(key);
    await rm(copy.folder, { recursive: true, force: true });
    this.onDelete(key, copy.bytes);
  }

  list(): { targetModel: string; bytes: number; lastUsed: number }[] {
    return [...this.copies].map(([targetModel, c]) => ({ targetModel, bytes: c.bytes, lastUsed: c.lastUsed }));
  }

  async clear(): Promise<void> {
    this.copies.clear();
    this.rootReady = undefined;
    await rm(this.root, { recursive: true, force: true });
  }
}
