/** "2 × ml.g5.xlarge" per variant (the console's endpoints have one); "—" where nothing is known. */
export function instancesLabel(instances: readonly { instanceType?: string; count?: number }[]): string {
  const parts = instances.map((i) => `${i.count ?? "?"} × ${i.instanceType ?? "?"}`);
  return parts.length ? parts.join(", ") : "—";
}
