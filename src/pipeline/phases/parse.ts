import type { RequestHandler } from 'express';
import { parseDrfBody } from '../../pretix/drf/drf-parser.js';
import { contextOf } from '../context.js';

/**
 * DRF's parsers, run early so the spec can validate the body: JSON, form and multipart. A form
 * becomes the resource's input (`{}` for a resource that takes none); the resource's coercions
 * apply. A parse error waits in the context for the view. The validator sees the parsed body
 * under one canonical media type, so its caches stay bounded.
 */
export const parse: RequestHandler = async function drfParse(req, _res, next) {
  const ctx = contextOf(req);
  const bytes = ctx.body.bytes;
  const parsed = await parseDrfBody(bytes, req.headers['content-type']);
  const input = ctx.route?.resource.input;
  if ('body' in parsed && parsed.body instanceof Map) parsed.body = input ? input.fromForm(parsed.body, req.method === 'PATCH') : {};
  if ('error' in parsed) ctx.body = { kind: 'error', bytes, error: parsed.error };
  else ctx.body = { kind: 'parsed', bytes, value: parsed.body };
  if (input && 'body' in parsed) input.normalize(parsed.body);
  req.body = 'body' in parsed ? parsed.body : {};
  req.headers['content-type'] = 'application/json';
  next();
};
