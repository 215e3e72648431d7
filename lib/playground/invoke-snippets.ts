import { invocationsUrl, type RuntimeLocation } from "@/lib/playground/runtime-location";

/**
 * The playground's request as code a user runs outside the console: curl (SigV4-signed by curl
 * itself), the AWS CLI, boto3 and the JavaScript SDK. They carry no credentials: each reads them
 * from the user's environment, as AWS's own tools do.
 */
export type SnippetInput = {
  runtime: RuntimeLocation;
  endpoint: string;
  /** SageMaker's TargetModel (`<model>/v<N>.tar.gz`): SageMaker knows no aliases, so a version. */
  targetModel: string;
  /** The KServe v2 JSON request, as sent. */
  body: unknown;
};

export const SNIPPET_LANGUAGES = [
  { id: "curl", label: "curl" },
  { id: "aws-cli", label: "AWS CLI" },
  { id: "boto3", label: "boto3" },
  { id: "javascript", label: "JavaScript" },
] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number]["id"];

/** One POSIX shell word: single quotes, with each `'` closed, escaped and reopened. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A JSON value as a Python literal (True/False/None; JSON's string escapes are Python's too). */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : `float("${value > 0 ? "inf" : value < 0 ? "-inf" : "nan"}")`;
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(", ")}}`;
}

function curl({ runtime, endpoint, targetModel, body }: SnippetInput): string {
  return [
    `# bash; credentials come from your environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN if any).`,
    `curl -sS --fail-with-body --aws-sigv4 ${shellQuote(`aws:amz:${runtime.region}:sagemaker`)} \\`,
    `  --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \\`,
    // No word at all without a session token (an empty header would still be signed); with one, one header (bash).
    `  \${AWS_SESSION_TOKEN:+-H "x-amz-security-token: $AWS_SESSION_TOKEN"} \\`,
    `  -H ${shellQuote(`X-Amzn-SageMaker-Target-Model: ${targetModel}`)} \\`,
    `  -H 'Content-Type: application/json' -H 'Accept: application/json' \\`,
    `  --data-binary ${shellQuote(JSON.stringify(body))} \\`,
    `  ${shellQuote(invocationsUrl(runtime, endpoint))}`,
  ].join("\n");
}

function awsCli({ runtime, endpoint, targetModel, body }: SnippetInput): string {
  // fileb:// sends the file's bytes as they are in CLI v1 and v2 alike (v2 reads an inline
  // --body as base64 unless told otherwise, and v1 knows no --cli-binary-format).
  const where = runtime.kind === "local" ? ` --endpoint-url ${shellQuote(runtime.url)}` : "";
  return [
    `# Credentials come from your environment or AWS profile, as for any aws command.`,
    `cat > request.json <<'JSON'`,
    JSON.stringify(body),
    `JSON`,
    `aws sagemaker-runtime invoke-endpoint \\`,
    `  --endpoint-name ${shellQuote(endpoint)} \\`,
    `  --target-model ${shellQuote(targetModel)} \\`,
    `  --content-type application/json --accept application/json \\`,
    `  --body fileb://request.json \\`,
    `  --region ${shellQuote(runtime.region)}${where} \\`,
    `  response.json && cat response.json`,
  ].join("\n");
}

function boto3({ runtime, endpoint, targetModel, body }: SnippetInput): string {
  const where = runtime.kind === "local" ? `, endpoint_url=${JSON.stringify(runtime.url)}` : "";
  return [
    `import json`,
    ``,
    `import boto3`,
    ``,
    `# Credentials come from your environment or AWS profile (boto3's default chain).`,
    `runtime = boto3.client("sagemaker-runtime", region_name=${JSON.stringify(runtime.region)}${where})`,
    `request = ${pythonLiteral(body)}`,
    `response = runtime.invoke_endpoint(`,
    `    EndpointName=${JSON.stringify(endpoint)},`,
    `    TargetModel=${JSON.stringify(targetModel)},`,
    `    ContentType="application/json",`,
    `    Accept="application/json",`,
    `    Body=json.dumps(request),`,
    `)`,
    `print(json.dumps(json.loads(response["Body"].read()), indent=2))`,
  ].join("\n");
}

function javascript({ runtime, endpoint, targetModel, body }: SnippetInput): string {
  const where = runtime.kind === "local" ? `, endpoint: ${JSON.stringify(runtime.url)}` : "";
  return [
    `import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";`,
    ``,
    `// Credentials come from your environment or AWS profile (the SDK's default chain).`,
    `const client = new SageMakerRuntimeClient({ region: ${JSON.stringify(runtime.region)}${where} });`,
    `const request = ${JSON.stringify(body)};`,
    `const response = await client.send(`,
    `  new InvokeEndpointCommand({`,
    `    EndpointName: ${JSON.stringify(endpoint)},`,
    `    TargetModel: ${JSON.stringify(targetModel)},`,
    `    ContentType: "application/json",`,
    `    Accept: "application/json",`,
    `    Body: JSON.stringify(request),`,
    `  }),`,
    `);`,
    `console.log(JSON.stringify(JSON.parse(new TextDecoder().decode(response.Body)), null, 2));`,
  ].join("\n");
}

const BUILDERS: Record<SnippetLanguage, (input: SnippetInput) => string> = { curl, "aws-cli": awsCli, boto3, javascript };

export function invokeSnippet(language: SnippetLanguage, input: SnippetInput): string {
  return BUILDERS[language](input);
}
