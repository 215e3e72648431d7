import { Agent, request, type IncomingHttpHeaders } from "node:http";

export type ClientResponse = { status: number; headers: IncomingHttpHeaders; body: Buffer };
export type ClientRequest = { method: string; path: string; headers: Record<string, string>; body?: Uint8Array };

/**
 * The one HTTP client every latency and throughput figure is measured with (echo floor and
 * engine alike): `node:http` over a keep-alive agent, one socket per in-flight request, the
 * whole response body read into memory.
 */
export class KeepAliveClient {
  readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets = 64) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: "lifo" });
  }

  send(req: ClientRequest): Promise<ClientResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body) headers["content-length"] = req.body.byteLength;
      const r = request({ agent: this.agent, host: this.host, port: this.port, method: req.method, path: req.path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      r.on("error", reject);
      r.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
