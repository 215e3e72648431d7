import { Playground } from "@/components/playground/playground";

export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<{ endpoint?: string }> }) {
  const { endpoint } = await searchParams;
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Playground</h1>
        <p className="text-sm text-slate-600">Invoke one target model of a multi-model endpoint with a form built from its signature, and compare two versions on the same input.</p>
      </div>
      <Playground initialEndpoint={endpoint} />
    </div>
  );
}
