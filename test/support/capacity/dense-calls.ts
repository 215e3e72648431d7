import type { MinuteCalls } from "@/lib/capacity/capacity-types";

/** A model's calls from one count per minute (tests write traffic that way): the non-zero minutes kept, as CloudWatch gives them. */
export function denseCalls(perMinute: ArrayLike<number>): MinuteCalls {
  const minute: number[] = [];
  const count: number[] = [];
  for (let t = 0; t < perMinute.length; t++) {
    if (perMinute[t] === 0) continue;
    minute.push(t);
    count.push(perMinute[t]!);
  }
  return { minute, count };
}
