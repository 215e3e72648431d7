import { ModelMetrics } from "@/components/metrics/model-metrics";

export default async function ModelMetricsPage({ params }: { params: Promise<{ name: string; model: string }> }) {
  const { name, model } = await params;
  return <ModelMetrics endpoint={decodeURIComponent(name)} model={decodeURIComponent(model)} />;
}
