import { CapacityView } from "@/components/capacity/capacity-view";

export default async function CapacityPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <CapacityView endpoint={decodeURIComponent(name)} />;
}
