// One thread of the onnxruntime instance pool (onnx-thread-pool.ts): holds onnxruntime sessions
// for several models' instances and runs them, one message at a time, off the engine's main
// thread. Plain CommonJS so that Node runs it as it is wherever the engine runs (tsx, Vitest,
// node), with no TypeScript loader in the thread and nothing to bundle (see SCRIPT in
// onnx-thread-pool.ts for what that saves). It only creates, runs and releases sessions;
// every check and every conversion to and from KServe v2 tensors happens on the main thread, in
// the same code as the single-session path. The protocol is typed in onnx-thread-pool.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads faster in a fresh thread than an ES module */
const { parentPort } = require("node:worker_threads");
const { InferenceSession, Tensor } = require("onnxruntime-node");

if (!parentPort) throw new Error("onnx-session-thread.cjs runs as a worker thread");
const port = parentPort;

/** @type {Map<number, InferenceSession>} */
const sessions = new Map();
let nextSession = 1;

const message = (err) => (err instanceof Error ? err.message : String(err));

// One message at a time, in order: onnxruntime-node's run waits a setImmediate before it runs,
// so without the chain a release sent after a run would dispose the session under it.
let queue = Promise.resolve();

port.on("message", (msg) => {
  if (msg.op === "crash") throw new Error(msg.reason);
  queue = queue
    .then(async () => {
      try {
        const [reply, transfer] = await handle(msg);
        port.postMessage({ id: msg.id, ok: true, ...reply }, transfer);
      } catch (err) {
        port.postMessage({ id: msg.id, ok: false, message: message(err) });
      }
    })
    // The chain goes on whatever one message did.
    .catch(() => undefined);
});

/** @returns {Promise<[object, ArrayBuffer[]]>} */
async function handle(msg) {
  switch (msg.op) {
    case "load": {
      const session = await InferenceSession.create(msg.path, msg.options);
      const id = nextSession++;
      sessions.set(id, session);
      const { inputNames, outputNames, inputMetadata, outputMetadata } = session;
      return [{ session: id, metadata: { inputNames, outputNames, inputMetadata, outputMetadata } }, []];
    }
    case "run": {
      const session = sessions.get(msg.session);
      if (!session) throw new Error(`no session ${msg.session} on this thread`);
      const feeds = {};
      for (const [name, t] of Object.entries(msg.feeds)) feeds[name] = new Tensor(t.type, t.data, t.dims);
      const results = await session.run(feeds, msg.fetches);
      const outputs = {};
      const transfer = [];
      for (const name of msg.fetches) {
        const t = results[name];
        if (!t || typeof t !== "object" || !("data" in t)) {
          outputs[name] = { type: t?.type, dims: [], data: [] };
          continue;
        }
        let data = t.data;
        // A typed array's buffer moves to the main thread instead of being copied, when the
        // array is the whole buffer (a view into a larger one is copied out first).
        if (ArrayBuffer.isView(data)) {
          if (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength) data = data.slice();
          transfer.push(data.buffer);
        }
        outputs[name] = { type: t.type, dims: [...t.dims], data };
      }
      return [{ outputs }, transfer];
    }
    case "release": {
      const session = sessions.get(msg.session);
      sessions.delete(msg.session);
      await session?.release();
      return [{}, []];
    }
    case "sessions":
      return [{ sessions: sessions.size }, []];
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}
