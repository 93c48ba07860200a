// jest with TypeScript tests through @swc/jest (ts-jest refuses TypeScript 7), in a CommonJS
// project: swc strips the types and turns imports into require(), which gets pretix-mock's
// CommonJS entry (the server in a child process).
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  testMatch: ['**/*.test.ts'],
  testTimeout: 60_000, // starting the server may take longer than jest's 5 s on a loaded machine
};
