/** Decodes a patch body as JSON; `undefined` when it is not JSON, so each patch type can answer as upstream does. */
export function parseJsonBody(body: string | Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString()) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
