import type { Response } from 'express';

/**
 * The non-JSON answers Django gives before DRF is reached: its 404 page and the 301 of
 * CommonMiddleware's APPEND_SLASH.
 */

const page = (title: string, text: string) =>
  `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n` +
  `<body>\n<h1>${title}</h1>\n<p>${text}</p>\n</body>\n</html>\n`;

function sendHtml(res: Response, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.setHeader('X-Frame-Options', 'DENY');
  res.end(html);
}

/** Django's 404 page (HTML, not JSON) for paths no pretix URL pattern matches. */
export function sendDjangoNotFound(res: Response, reason = 'The requested resource was not found on this server.'): void {
  sendHtml(res, 404, page('Not Found', reason));
}

/** Django's permanent redirect with an empty body and a relative Location. */
export function sendPermanentRedirect(res: Response, location: string): void {
  res.statusCode = 301;
  res.setHeader('Location', location);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', 0);
  res.setHeader('X-Frame-Options', 'DENY');
  res.end();
}
