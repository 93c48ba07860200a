import type { Response } from 'express';
import { applyResponseMiddleware, setDjangoHeaders } from './middleware-headers.js';

/**
 * The non-JSON answers Django gives before DRF is reached: its 404 page and the 301 of
 * CommonMiddleware's APPEND_SLASH. As gunicorn serves them: the 404 of a path no URL pattern
 * matches has a Content-Length (and `Vary: Cookie, Host`: the handler looked at the session);
 * the answers raised in the middleware (the redirect, the 404 for a slash-less POST) are sent
 * chunked, except to HEAD, which gets neither length nor chunks.
 */

const page = (title: string, text: string) =>
  `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n` +
  `<body>\n<h1>${title}</h1>\n<p>${text}</p>\n</body>\n</html>\n`;

function sendHtml(res: Response, status: number, html: string, framing: 'length' | 'chunked'): void {
  res.statusCode = status;
  setDjangoHeaders(res);
  res.removeHeader('Allow');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  if (framing === 'length') {
    res.setHeader('Vary', 'Cookie, Host');
    res.setHeader('Content-Length', Buffer.byteLength(html));
  } else if (res.req.method !== 'HEAD') {
    res.setHeader('Transfer-Encoding', 'chunked');
  }
  applyResponseMiddleware(res);
  res.end(html);
}

/** Django's 404 page (HTML, not JSON) for paths no pretix URL pattern matches. */
export function sendDjangoNotFound(res: Response): void {
  sendHtml(res, 404, page('Not Found', 'The requested resource was not found on this server.'), 'length');
}

/** The 404 page pretix's CommonMiddleware raises for a POST, PUT or PATCH without its slash. */
export function sendAppendSlashNotFound(res: Response): void {
  sendHtml(res, 404, page('Not Found', 'Please append a / at the end of the URL'), 'chunked');
}

/** Django's permanent redirect with an empty body and a relative Location. */
export function sendPermanentRedirect(res: Response, location: string): void {
  res.setHeader('Location', location);
  sendHtml(res, 301, '', 'chunked');
}
