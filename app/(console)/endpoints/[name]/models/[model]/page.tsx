import { ModelDetail } from "@/components/models/model-detail";

export default async function ModelPage({ params }: { params: Promise<{ name: string; model: string }> }) {
  const { name, model } = await params;
  return <ModelDetail endpoint={decodeURIComponent(name)} model={decodeURIComponent(model)} />;
}
