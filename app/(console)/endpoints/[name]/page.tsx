import { EndpointDetail } from "@/components/endpoints/endpoint-detail";

export default async function EndpointPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EndpointDetail name={decodeURIComponent(name)} />;
}
