// npm run test:docker — builds the Docker image for real and exercises it, step by step.
//
// Needs root on a Debian-like machine when no Docker engine is running (it installs docker.io and
// debootstrap with apt-get and starts its own dockerd). No registry is needed: the base image is
// built locally (scripts/docker/base-image.ts). Environment:
//   PRETIX_MOCK_BASE_IMAGE=<image>  use this base image instead (e.g. node:20-bookworm-slim)
//   PRETIX_MOCK_DOCKER_KEEP=1       keep the images afterwards (on an engine that was running)
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBaseImage } from './docker/base-image.js';
import { checkImage, type Figures } from './docker/checks.js';
import { ensureEngine, type Engine } from './docker/engine.js';
import { exec, stopRunningCommands } from './docker/exec.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUN = `pretix-mock-ci-${process.pid}`;
const IMAGE = `pretix-mock-ci:${process.pid}`;
const LOCAL_BASE = 'pretix-mock-ci/node:20-bookworm-slim';
const KEEP = process.env.PRETIX_MOCK_DOCKER_KEEP === '1';

let stepNo = 0;
async function step<T>(title: string, fn: () => Promise<T>): Promise<T> {
  stepNo += 1;
  console.log(`\n=== [${stepNo}] ${title}`);
  const started = performance.now();
  try {
    const value = await fn();
    console.log(`    ok (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return value;
  } catch (err) {
    console.log(`    FAILED at step ${stepNo} (${title}):\n${String((err as Error).message ?? err).replace(/^/gm, '    ')}`);
    throw err;
  }
}

const imageExists = async (tag: string) => (await exec('docker', ['image', 'inspect', tag], { allowFailure: true })).code === 0;

/** The host's npm CA bundle (`npm config get cafile`), if it has one. */
async function npmCaBundle(): Promise<string | undefined> {
  const cafile = (await exec('npm', ['config', 'get', 'cafile'], { allowFailure: true })).stdout.trim();
  return cafile && cafile !== 'null' && cafile !== 'undefined' && existsSync(cafile) ? cafile : undefined;
}

async function main(): Promise<boolean> {
  const work = mkdtempSync(join(tmpdir(), 'pretix-mock-docker-'));
  const cleanups: Array<[string, () => Promise<unknown>]> = [];
  let engine: Engine | undefined;
  let figures: Figures | undefined;
  let ok = false;
  const wallStart = performance.now();

  /** Undoes what the run created, once, in reverse order; false if something could not be undone. */
  let cleaning: Promise<boolean> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      let clean = true;
      console.log(`\n=== cleanup`);
      for (const [what, fn] of cleanups.reverse()) {
        try {
          await fn();
          console.log(`    ${what}`);
        } catch (err) {
          console.log(`    could not ${what}: ${(err as Error).message}`);
          clean = false;
        }
      }
      if (engine?.started) {
        await engine.stop();
        console.log('    stopped the dockerd this run started');
      }
      if (engine && !engine.private && !KEEP) console.log('    (the legacy builder may leave untagged build-stage images: docker image prune)');
      try {
        rmSync(work, { recursive: true, force: true });
        console.log(`    removed ${work}`);
      } catch (err) {
        console.log(`    could not remove ${work}: ${(err as Error).message}`);
        clean = false;
      }
      return clean;
    })());
  // Interrupted (Ctrl-C, a CI timeout): clean up anyway, then exit.
  const interrupted = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: stopping the test`);
    stopRunningCommands();
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    engine = await step('Docker engine', () => ensureEngine(work));
    const server = (await exec('docker', ['version', '--format', '{{.Server.Version}}'])).stdout.trim();
    console.log(`    Docker engine ${server}`);

    const base = await step('base image', async () => {
      if (process.env.PRETIX_MOCK_BASE_IMAGE) {
        console.log(`    using ${process.env.PRETIX_MOCK_BASE_IMAGE} (PRETIX_MOCK_BASE_IMAGE)`);
        return process.env.PRETIX_MOCK_BASE_IMAGE;
      }
      if (!engine!.private && (await imageExists(LOCAL_BASE))) {
        console.log(`    reusing ${LOCAL_BASE}, built by an earlier run`);
        return LOCAL_BASE;
      }
      await buildBaseImage(LOCAL_BASE, work);
      if (!KEEP) cleanups.push([`remove image ${LOCAL_BASE}`, () => exec('docker', ['rmi', LOCAL_BASE])]);
      return LOCAL_BASE;
    });

    await step(`docker build (legacy builder) --build-arg BASE_IMAGE=${base}`, async () => {
      const ca = await npmCaBundle();
      const buildArgs = ['--build-arg', `BASE_IMAGE=${base}`];
      const context = join(work, 'context.tar');
      const tarArgs = ['-c', '-f', context, '-C', ROOT, '--exclude=./node_modules', '--exclude=./.git', '--exclude=./dist', '--exclude=./.tmp', '.'];
      if (ca) {
        // The CA file has to be inside the build context, so it is added to the context archive.
        copyFileSync(ca, join(work, 'npm-ca.pem'));
        tarArgs.push('-C', work, 'npm-ca.pem');
        buildArgs.push('--build-arg', 'NPM_CA_BUNDLE=npm-ca.pem');
        console.log(`    with the host's npm CA bundle ${ca} (--build-arg NPM_CA_BUNDLE=npm-ca.pem)`);
      }
      await exec('tar', tarArgs);
      if (!KEEP) cleanups.push([`remove image ${IMAGE}`, () => exec('docker', ['rmi', IMAGE], { allowFailure: true })]);
      await exec('docker', ['build', ...buildArgs, '-t', IMAGE, '-'], {
        inputFile: context,
        env: { ...process.env, DOCKER_BUILDKIT: '0' },
        stream: true,
        timeoutMs: 900_000,
      });
    });

    figures = await checkImage({ image: IMAGE, run: RUN, step, cleanups });
    ok = true;
  } catch {
    ok = false;
  } finally {
    if (!(await cleanUp())) ok = false;
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  const total = ((performance.now() - wallStart) / 1000).toFixed(1);
  if (figures) {
    console.log('\n=== figures');
    for (const [name, value] of Object.entries(figures)) console.log(`    ${name}: ${value}`);
  }
  console.log(ok ? `\nDocker image test passed in ${total} s.` : `\nDocker image test FAILED after ${total} s (see the failed step above).`);
  return ok;
}

process.exitCode = (await main()) ? 0 : 1;
