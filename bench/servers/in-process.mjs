// The library as a test suite uses it: startMockServer() from the built package in a fresh node.
import { startMockServer } from '../../dist/index.js';

const server = await startMockServer({ port: Number(process.env.PORT) });
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
