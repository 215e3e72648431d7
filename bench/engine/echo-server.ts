import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The floor: a bare node:http server on loopback that reads the request body and answers at
 * once with a fixed JSON body about the size of the engine's answer. Run as its own process,
 * as the engine is, so client and server do not share a thread. Prints one line when ready.
 */
const BODY = Buffer.from(
  JSON.stringify({ model_name: "m00000.tar.gz", model_version: "1", outputs: [{ name: "OUTPUT0", datatype: "FP32", shape: [2, 4], data: [1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25] }] }),
);

const server = createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": BODY.byteLength });
    res.end(BODY);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`echo listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
