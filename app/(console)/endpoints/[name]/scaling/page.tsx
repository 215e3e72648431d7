import { ScalingView } from "@/components/scaling/scaling-view";

export default async function ScalingPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ScalingView endpoint={decodeURIComponent(name)} />;
}
