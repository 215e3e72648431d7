/** What the chart needs of a scaling activity (AWS's ScalingActivity, times as epoch ms). */
export type ActivityLike = { start: number; status: string; description: string; cause: string };

export type CapacityChange = { at: number; from?: number; to: number };

/**
 * The change an activity made, from AWS's own wording: the cause ends "... changing the desired
 * capacity from 1 to 2." and the description reads "Setting desired instance count to 2."
 * (SageMaker's). Undefined for an activity that changed nothing (failed) or says no count.
 */
export function capacityChange(a: ActivityLike): CapacityChange | undefined {
  if (a.status === "Failed" || a.status === "Unfulfilled") return undefined;
  const fromTo = /from (\d+) to (\d+)/i.exec(a.cause);
  if (fromTo) return { at: a.start, from: Number(fromTo[1]), to: Number(fromTo[2]) };
  const to = /desired (?:instance count|capacity) to (\d+)/i.exec(a.description);
  return to ? { at: a.start, to: Number(to[1]) } : undefined;
}

/**
 * The desired instance count at each of `times` (ascending, epoch ms), as the activities set it:
 * before the first change it was that change's "from" (else the count now, if nothing changed
 * it); each change holds until the next. `now` is the current desired count, used when no
 * activity changed it. Before a first change that does not say where it came from, null (unknown).
 */
export function desiredCountAt(times: readonly number[], activities: readonly ActivityLike[], now: number): (number | null)[] {
  const changes = activities.flatMap((a) => capacityChange(a) ?? []).sort((x, y) => x.at - y.at);
  const first = changes[0];
  let value: number | null = first ? (first.from ?? null) : now;
  let next = 0;
  return times.map((t) => {
    while (next < changes.length && changes[next]!.at <= t) value = changes[next++]!.to;
    return value;
  });
}
