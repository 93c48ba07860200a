// `npm start`: the CLI in one node process under npm (no tsx wrapper process in between, so a
// signal to npm reaches the server and the server's parent watch sees npm go). It runs the build
// in dist/ when that is there and newer than every source file, else the TypeScript source
// through tsx's loader, registered in this same process.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin/pretix-mock.js', import.meta.url);
const src = fileURLToPath(new URL('../src/', import.meta.url));

function newestSource() {
  let newest = 0;
  for (const file of readdirSync(src, { recursive: true })) {
    if (String(file).endsWith('.ts') && !String(file).startsWith('generated')) newest = Math.max(newest, statSync(`${src}/${file}`).mtimeMs);
  }
  return newest;
}

if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/bin/pretix-mock.ts');
}
