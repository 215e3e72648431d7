import type { CacheEvent } from "@/lib/residency-snapshot";

/** The last `capacity` events of an instance: enough for a console panel, bounded forever. */
export class RecentEvents {
  private readonly events: CacheEvent[] = [];
  constructor(private readonly capacity = 100) {}

  push(event: CacheEvent): void {
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.shift();
  }

  list(): CacheEvent[] {
    return [...this.events];
  }
}
