import { EndpointDashboard } from "@/components/metrics/endpoint-dashboard";

export default async function EndpointMetricsPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EndpointDashboard endpoint={decodeURIComponent(name)} />;
}
