import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiClientError } from "@/lib/api-client";
import { describeApiError, describeError } from "@/lib/errors/describe-error";

const LOCAL_LOGS = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/pg-1";
/** As the local engine words it (server/engine/runtime/protocol/runtime-errors.ts). */
const localModelError = `Received client error (400) from primary with message "{"error":"unexpected inference input 'NOT_AN_INPUT' for model 'onnx-two-versions'"}". See ${LOCAL_LOGS} in account 000000000000 for more information.`;
/** As AWS words it, with the container's body JSON-escaped inside the quotes. */
const awsLogs = "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEventViewer:group=/aws/sagemaker/Endpoints/prod";
const awsModelError = `Received server error (500) from model with message "{\\"error\\": \\"Failed to process the request(s) for model instance 'resnet_0_0', message: CUDA out of memory\\"}". See ${awsLogs} in account 123456789012 for more information.`;

describe("describeApiError: SageMaker's ModelError", () => {
  it("is what the model said, in a sentence, with no JSON, no link and no account in it", () => {
    const { sentence, details } = describeApiError({ code: "ModelError", message: localModelError }, 424);
    expect(sentence).toBe("The model refused the request: unexpected inference input 'NOT_AN_INPUT' for model 'onnx-two-versions'.");
    expect(sentence).not.toMatch(/[{}"\\]|https?:|000000000000/);
    // The local engine keeps no CloudWatch logs: no link to a log group of account 000000000000.
    expect(details.find((d) => d.label === "Logs")).toEqual({ label: "Logs", value: "The local engine's own output (it keeps no CloudWatch logs)" });
    expect(details.some((d) => d.href)).toBe(false);
    expect(details).toContainEqual({ label: "Model's status", value: "400 from primary" });
    expect(details).toContainEqual({ label: "Error", value: "ModelError (HTTP 424)" });
  });

  it("unescapes AWS's quoted body, says a 5xx failed, and links the logs of a real account", () => {
    const { sentence, details } = describeApiError({ code: "ModelError", message: awsModelError }, 424);
    expect(sentence).toBe("The model failed to answer the request (its status 500): Failed to process the request(s) for model instance 'resnet_0_0', message: CUDA out of memory.");
    expect(details.find((d) => d.label === "Logs")).toEqual({ label: "Logs", value: "CloudWatch, account 123456789012", href: awsLogs });
    expect(details.find((d) => d.label === "The model said")?.value).toBe("Failed to process the request(s) for model instance 'resnet_0_0', message: CUDA out of memory");
  });

  it("says a model could not be loaded, naming the file but not where the engine keeps it", () => {
    const said = "failed to load model 'onnx-add': onnxruntime could not create a session: Load model from /tmp/mme-e2e-Wamz0W/engine/cache/ep/i-0/onnx-add/1/model.onnx failed: Protobuf parsing failed.";
    const message = `Received client error (400) from primary with message "${JSON.stringify({ error: said }).replace(/"/g, '\\"')}". See ${LOCAL_LOGS} in account 000000000000 for more information.`;
    const { sentence, details } = describeApiError({ code: "ModelError", message }, 424);
    expect(sentence).toBe("The model onnx-add could not be loaded: onnxruntime could not create a session: Load model from …/1/model.onnx failed: Protobuf parsing failed.");
    // The full path is still there for whoever opens the details.
    expect(details.find((d) => d.label === "The model said")?.value).toBe(said);
  });

  it("keeps a ModelError it cannot take apart, without its log sentence", () => {
    expect(describeApiError({ code: "ModelError", message: `The container crashed. See ${awsLogs} in account 123456789012 for more information.` }).sentence).toBe("The container crashed.");
  });
});

describe("describeApiError: invalid input (422 with zod's issues)", () => {
  it("says which field and what it must be, in words, instead of zod's wording", () => {
    const r = describeApiError({ code: "unprocessable", message: "instanceCount: Invalid input: expected int, received number", issues: [{ path: "instanceCount", message: "Invalid input: expected int, received number" }] }, 422);
    expect(r.sentence).toBe("Instance count must be a whole number.");
    expect(r.details).toEqual([
      { label: "Instance count", value: "Invalid input: expected int, received number" },
      { label: "Error", value: "unprocessable (HTTP 422)" },
    ]);
  });

  it("names a nested field by its JSON path and counts the other problems", () => {
    const r = describeApiError({
      code: "unprocessable",
      message: "x",
      issues: [
        { path: "request.inputs.0.shape.1", message: "Too small: expected number to be >=0" },
        { path: "request.inputs.0.name", message: "Too small: expected string to have >=1 characters" },
        { path: "model", message: "Invalid input: expected string, received undefined" },
      ],
    });
    expect(r.sentence).toBe("request.inputs[0].shape[1] must be at least 0 (and 2 more problems, in the details).");
    expect(r.details.map((d) => d.label)).toEqual(["request.inputs[0].shape[1]", "request.inputs[0].name", "Model", "Error"]);
  });

  it("keeps a schema's own message", () => {
    expect(describeApiError({ code: "unprocessable", message: "", issues: [{ path: "instanceCount", message: "At least 1 instance" }] }).sentence).toBe("Instance count: At least 1 instance.");
    expect(describeApiError({ code: "unprocessable", message: "", issues: [{ path: "", message: "Give a version or an alias, not both" }] }).sentence).toBe("Give a version or an alias, not both.");
  });
});

describe("describeError", () => {
  it("turns a ZodError thrown in the browser (the raw JSON editor) into a sentence, not its JSON array of issues", () => {
    const schema = z.object({ inputs: z.array(z.object({ shape: z.array(z.number().int()) })).min(1), id: z.string().optional() }).strict();
    const result = schema.safeParse({ inputs: [{ shape: [1, 1.5] }], extra: 1 });
    expect(result.success).toBe(false);
    const { sentence, details } = describeError(result.error);
    expect(sentence).toBe("inputs[0].shape[1] must be a whole number (and 1 more problem, in the details).");
    expect(sentence).not.toContain("[{");
    expect(details).toContainEqual({ label: "Input", value: 'Unrecognized key: "extra"' });
  });

  it("says what a fetch that never reached the console, a cancelled request and bad JSON mean", () => {
    expect(describeError(new TypeError("Failed to fetch")).sentence).toBe("The console could not be reached. Check the connection and try again.");
    expect(describeError(new DOMException("The user aborted a request.", "AbortError")).sentence).toBe("The request was cancelled.");
    let syntax: unknown;
    try {
      JSON.parse("{ inputs: }");
    } catch (e) {
      syntax = e;
    }
    expect(describeError(syntax).sentence).toMatch(/^The text is not valid JSON \(.+\)\.$/);
  });

  it("keeps an AWS error's own words, with its code in the details", () => {
    const e = new ApiClientError(400, "ValidationException", 'Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/dup-1".');
    expect(describeError(e)).toEqual({ sentence: e.message, details: [{ label: "Error", value: "ValidationException (HTTP 400)" }] });
  });

  it("explains answers that carried no error body, and the console's own failures", () => {
    expect(describeError(new ApiClientError(413, "http_413", "Request failed (413)")).sentence).toBe("The request is too large for the console.");
    expect(describeError(new ApiClientError(502, "http_502", "Request failed (502)")).sentence).toBe("The console answered HTTP 502 without saying why. Try again.");
    expect(describeError(new ApiClientError(401, "unauthorized", "Sign in first")).sentence).toBe("Your session has ended. Sign in again.");
    expect(describeError(new Error("The upload was cancelled; nothing was kept.")).sentence).toBe("The upload was cancelled; nothing was kept.");
  });
});
