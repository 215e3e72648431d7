/**
 * Looks through a Python backend's model.py, line by line as it streams in, for what the backend
 * imports from it: a module-level `TritonPythonModel` (triton-inference-server/python_backend,
 * "Usage": model.py must define a class of that name). A `class TritonPythonModel`, an assignment
 * `TritonPythonModel = ...` or an import of that name count, indented too (under an `if` or a
 * `try`): refusing a model that would load is worse than letting a rare nested class through to
 * the load. The file is not executed, so a name made dynamically (exec, globals()) is not seen.
 * Keeps one line in memory (cut at MAX_LINE_CHARS: a definition never sits that far into a line).
 */

const MAX_LINE_CHARS = 64 * 1024;
const DEFINES = /^\s*(?:class\s+TritonPythonModel\b|TritonPythonModel\s*(?::[^=]*)?=|(?:from\s+\S+\s+)?import\b.*\bTritonPythonModel\b)/;

export class PythonModelClassFinder {
  private readonly decoder = new TextDecoder();
  private line = "";
  private found = false;

  feed(chunk: Uint8Array): void {
    if (this.found) return;
    this.scan(this.decoder.decode(chunk, { stream: true }));
  }

  /** Whether the file defines TritonPythonModel at module level. */
  finish(): boolean {
    if (!this.found) this.scan(this.decoder.decode() + "\n");
    return this.found;
  }

  private scan(text: string) {
    const lines = (this.line + text).split("\n");
    this.line = lines.pop()!.slice(0, MAX_LINE_CHARS);
    if (lines.some((l) => DEFINES.test(l))) this.found = true;
  }
}
