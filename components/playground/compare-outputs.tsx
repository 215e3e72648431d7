import type { InvokeResultView } from "@/lib/schemas/invoke";

/** Per output: the largest absolute difference between two versions' answers to the same input. */
export function diffOutputs(a: InvokeResultView, b: InvokeResultView) {
  return a.outputs.map((oa) => {
    const ob = b.outputs.find((o) => o.name === oa.name);
    if (!ob) return { name: oa.name, note: `missing from v${b.version}` };
    if (oa.shape.join() !== ob.shape.join()) return { name: oa.name, note: `shapes differ: [${oa.shape}] vs [${ob.shape}]` };
    const numeric = oa.data.every((v) => typeof v === "number") && ob.data.every((v) => typeof v === "number");
    if (!numeric) {
      const differing = oa.data.filter((v, i) => JSON.stringify(v) !== JSON.stringify(ob.data[i])).length;
      return { name: oa.name, note: differing === 0 ? "identical" : `${differing} of ${oa.data.length} elements differ` };
    }
    const diffs = (oa.data as number[]).map((v, i) => Math.abs(v - (ob.data[i] as number)));
    const max = diffs.length ? Math.max(...diffs) : 0;
    return { name: oa.name, maxAbsDiff: max, differing: diffs.filter((d) => d > 0).length, total: diffs.length };
  });
}

export function CompareSummary({ a, b }: { a: InvokeResultView; b: InvokeResultView }) {
  return (
    <ul className="flex flex-col gap-1 text-sm" data-testid="compare-summary">
      {diffOutputs(a, b).map((d) => (
        <li key={d.name}>
          <span className="font-mono">{d.name}</span>:{" "}
          {"note" in d ? d.note : d.differing === 0 ? "identical" : `max |Δ| = ${Number(d.maxAbsDiff!.toPrecision(6))}, ${d.differing} of ${d.total} elements differ`}
        </li>
      ))}
    </ul>
  );
}
