// Baseline: node:http answering GET with the fixed list and echoing POST bodies.
import { createServer } from 'node:http';
import { LIST_BODY } from './payload.mjs';

createServer((req, res) => {
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(LIST_BODY) });
  res.end(LIST_BODY);
}).listen(Number(process.env.PORT), '127.0.0.1');
