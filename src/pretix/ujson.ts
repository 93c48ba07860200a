/**
 * The two faces of ujson that show in pretix's answers (drf_ujson renders and parses the API's
 * JSON): its output escapes every non-ASCII character (`ensure_ascii`), and its decoder words
 * its errors in its own way.
 */

/** JSON as ujson writes it for pretix: compact, every non-ASCII character as `\uxxxx`. */
export function ujsonDumps(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * ujson's message for a body JSON.parse refused, where the mock knows it: a document that ends
 * early (or is only whitespace) is "Expected object or value", as ujson meets the end where it
 * wants a value. Other errors keep Node's message (a listed difference).
 */
export function ujsonErrorText(text: string, nodeMessage: string): string {
  if (/Unexpected end of JSON input/.test(nodeMessage) || text.trim() === '') return 'Expected object or value';
  return nodeMessage;
}
