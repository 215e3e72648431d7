/**
 * Where a rollback of an alias goes: `from` of the newest change of that alias that brought it to
 * its current version from another. A rollback is such a change itself, so rolling back twice
 * returns; canary starts and aborts (from = to) never count. One rule for the server, which moves
 * the alias, and the browser, which names the target on the button before it is pressed.
 * `newestFirst`: the alias history, newest change first (as the model view lists it).
 */
type AliasChange = { alias: string; from?: number; to?: number };

export function previousTarget<C extends AliasChange>(newestFirst: readonly C[], alias: string, current: number | undefined): number | undefined {
  if (current === undefined) return undefined;
  return newestFirst.find((h) => h.alias === alias && h.to === current && h.from !== undefined && h.from !== h.to)?.from;
}
