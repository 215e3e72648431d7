import { CreateEndpointForm } from "@/components/endpoints/create-endpoint-form";
import { consoleSettings } from "@/server/bff/console-settings";

export default function NewEndpointPage() {
  const s = consoleSettings();
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Create a multi-model endpoint</h1>
        <p className="text-sm text-slate-600">Creates the model (MultiModel mode), its endpoint configuration and the endpoint in one step.</p>
      </div>
      <CreateEndpointForm defaults={{ image: s.defaultImage, roleArn: s.defaultRoleArn, modelDataPrefix: s.defaultModelDataPrefix, region: s.region }} />
    </div>
  );
}
