import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as ort from "onnxruntime-node";
import { SESSION_OPTIONS } from "../../server/engine/backends/onnx/onnx-backend";
import { verifySigV4 } from "../../server/engine/http/verify-sigv4";
import { CREDENTIALS, REGION } from "./bench-endpoint";
import { ONNX_ADD_MODEL } from "./fixtures";

/**
 * A second floor, beside echo: the least any InvokeEndpoint server must do for the warm request,
 * with none of the engine's generality. It reads the body, verifies SigV4 with the engine's own
 * verifier, parses the JSON, runs the engine's onnxruntime session options on onnx-add, and
 * answers JSON. No routing, no validation against config.pbtxt, no cache, no metrics, no error
 * shapes. The engine's distance from it is what its own layers cost; its distance from echo +
 * raw onnxruntime is what the work itself costs on this machine. Own process, like the engine.
 */
const session = await ort.InferenceSession.create(ONNX_ADD_MODEL, SESSION_OPTIONS);
const verify = { service: "sagemaker", region: REGION, secretFor: () => CREDENTIALS.secretAccessKey, uriEscapePath: true };

type JsonTensor = { name: string; shape: number[]; data: number[] };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void answer(req.url ?? "/", req.rawHeaders, Buffer.concat(chunks)).then(
      (payload) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": payload.byteLength });
        res.end(payload);
      },
      (err: unknown) => {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(String(err));
      },
    );
  });
});

async function answer(path: string, rawHeaders: string[], body: Buffer): Promise<Buffer> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!;
  if (!verifySigV4({ method: "POST", path, rawQuery: "", headers, body }, verify).ok) throw new Error("bad signature");
  const request = JSON.parse(body.toString("utf8")) as { inputs: JsonTensor[] };
  const feeds: Record<string, ort.Tensor> = {};
  for (const t of request.inputs) feeds[t.name] = new ort.Tensor("float32", Float32Array.from(t.data), t.shape);
  const results = await session.run(feeds);
  const outputs = Object.entries(results).map(([name, t]) => ({ name, datatype: "FP32", shape: t.dims, data: Array.from(t.data as Float32Array) }));
  return Buffer.from(JSON.stringify({ model_name: "onnx-add", model_version: "1", outputs }));
}

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`minimal listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
