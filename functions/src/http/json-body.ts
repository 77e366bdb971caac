// A request body as the JSON object it must be, or a reason that never quotes the body.
/** Deepest nesting accepted: a submission is three levels deep (body → answers → a list of answers). */
export const MAX_DEPTH = 32;

export type JsonObject = Readonly<Record<string, unknown>>;

export type JsonBody = { readonly ok: true; readonly value: JsonObject } | { readonly ok: false; readonly message: string };

/** How deep a parsed JSON value nests (a scalar is 0, `{}` is 1), counted without recursion and stopping past `limit`. */
export function nestingDepth(value: unknown, limit = MAX_DEPTH): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop() as [unknown, number];
    if (next === null || typeof next !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(next)) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The object a body carries: a Buffer or string as the local launcher reads it, or the value the Functions
 * Framework parsed already. JSON.parse's own messages quote the text, so none of them is passed on.
 */
export function jsonObject(body: unknown): JsonBody {
  let value = body;
  if (Buffer.isBuffer(value) || typeof value === 'string') {
    const text = value.toString();
    if (text.trim() === '') return { ok: false, message: 'body is empty; send a JSON object' };
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, message: 'body is not valid JSON' };
    }
  }
  if (value === undefined) return { ok: false, message: 'body is empty; send a JSON object' };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'body must be a JSON object' };
  if (nestingDepth(value) > MAX_DEPTH)
    return { ok: false, message: `body is nested more than ${MAX_DEPTH} levels deep; a submission needs 3` };
  return { ok: true, value: value as JsonObject };
}

/** Whether a body is absent: nothing sent, or the framework's empty object for a body it did not parse. */
export function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (Buffer.isBuffer(body) || typeof body === 'string') return body.length === 0;
  return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}
