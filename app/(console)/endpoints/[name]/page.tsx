import { EndpointOverview } from "@/components/endpoints/endpoint-overview";

export default async function EndpointPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EndpointOverview name={decodeURIComponent(name)} />;
}
