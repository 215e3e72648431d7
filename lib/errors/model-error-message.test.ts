import { describe, expect, it } from "vitest";
import { parseModelErrorMessage } from "@/lib/errors/model-error-message";

const LOCAL_LOGS = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/pg-1";
const localModelError = `Received client error (400) from primary with message "{"error":"unexpected inference input 'NOT_AN_INPUT' for model 'onnx-two-versions'"}". See ${LOCAL_LOGS} in account 000000000000 for more information.`;

describe("parseModelErrorMessage", () => {
  it("reads the container's status, name, body and logs", () => {
    expect(parseModelErrorMessage(localModelError)).toEqual({
      status: 400,
      container: "primary",
      said: "unexpected inference input 'NOT_AN_INPUT' for model 'onnx-two-versions'",
      logsUrl: LOCAL_LOGS,
      account: "000000000000",
    });
    expect(parseModelErrorMessage('Received client error (404) from primary with message "not found".')).toEqual({ status: 404, container: "primary", said: "not found", logsUrl: undefined, account: undefined });
    expect(parseModelErrorMessage("Endpoint x of account 000000000000 not found.")).toBeUndefined();
  });
});
