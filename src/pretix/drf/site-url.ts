import type { Request } from 'express';

/** `scheme://host` as the client addressed the server (Django's build_absolute_uri). */
export function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.headers.host ?? req.socket.localAddress}`;
}

/** The raw query string without `?`. */
export function rawQuery(req: Request): string {
  const q = req.originalUrl.indexOf('?');
  return q < 0 ? '' : req.originalUrl.slice(q + 1);
}
