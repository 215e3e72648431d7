/** What the BFF returns to the browser for endpoints: plain JSON, dates as ISO strings. */
export type EndpointRow = {
  name: string;
  arn: string;
  status: string;
  creationTime: string;
  lastModifiedTime: string;
};

export type VariantView = {
  variantName: string;
  instanceType?: string;
  currentInstanceCount?: number;
  desiredInstanceCount?: number;
  currentWeight?: number;
  images: string[];
};

export type ModelView = {
  name: string;
  arn: string;
  mode?: string;
  modelDataUrl?: string;
  image?: string;
  executionRoleArn?: string;
  creationTime?: string;
};

export type EndpointEventView = {
  at: string;
  kind: "requested" | "observed";
  /** For requested events, the action (CreateEndpoint, UpdateEndpoint...); for observed, the status seen. */
  what: string;
  detail?: string;
  actor?: string;
};

export type EndpointDetailView = {
  name: string;
  arn: string;
  status: string;
  failureReason?: string;
  creationTime: string;
  lastModifiedTime: string;
  endpointConfigName: string;
  variants: VariantView[];
  models: ModelView[];
  history: EndpointEventView[];
};

export type HealthView = {
  console: "ok";
  backend: { kind: "local" | "aws"; region: string; reachable: boolean; error?: string };
};

export type ApiErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[]; details?: unknown } };
