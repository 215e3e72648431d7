import { z } from "zod";

/**
 * zod 4 compiles object schemas with `new Function` when it may, and probes for that with
 * `new Function("")` on the first parse. The console's CSP allows no eval, so in the browser the
 * probe is a CSP violation (zod catches the error, Chromium still reports it). Jitless parsing
 * needs no eval and is fast enough for forms. Imported for its effect, before any schema parses.
 */
z.config({ jitless: true });
