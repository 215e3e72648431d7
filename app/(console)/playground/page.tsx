import { Playground } from "@/components/playground/playground";
import { targetFromSearchParams } from "@/components/playground/target-params";
import { runtimeLocation } from "@/server/bff/invoke/runtime-location";

// /playground?endpoint=e&model=m&ref=v2 (or ref=production, version=2) opens with that target chosen.
export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const initial = targetFromSearchParams(await searchParams);
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Playground</h1>
        <p className="text-sm text-slate-600">Invoke one target model of a multi-model endpoint with a form built from its signature, and compare two versions on the same input.</p>
      </div>
      <Playground initial={initial} runtime={runtimeLocation()} />
    </div>
  );
}
