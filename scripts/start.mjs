// `npm start`: the CLI in one node process under npm (no tsx wrapper process in between, so a
// signal to npm reaches the server and the server's parent watch sees npm go). It runs the build
// in dist/ when that is there and newer than every source file, else the TypeScript source
// through tsx's loader, registered in this same process.
import { pathToFileURL } from 'node:url';
import { BUILT_CLI, SOURCE_CLI, buildIsCurrent } from './current-build.mjs';

if (buildIsCurrent()) {
  await import(pathToFileURL(BUILT_CLI).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(SOURCE_CLI).href);
}
