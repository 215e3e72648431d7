import { EndpointHistory } from "@/components/endpoints/endpoint-history";

export default async function EndpointHistoryPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EndpointHistory name={decodeURIComponent(name)} />;
}
