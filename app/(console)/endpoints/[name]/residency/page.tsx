import { ResidencyView } from "@/components/metrics/residency-view";

export default async function ResidencyPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ResidencyView endpoint={decodeURIComponent(name)} />;
}
