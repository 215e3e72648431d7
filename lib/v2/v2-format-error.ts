/**
 * A KServe v2 body or tensor that cannot be read, or a request the model's signature refuses.
 * The message is ready to show: the engine returns it as the model's 400 answer (ModelError's
 * OriginalMessage), the playground shows it beside the form.
 */
export class V2FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "V2FormatError";
  }
}
