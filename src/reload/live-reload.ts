import type { ControlPlane } from '../control/control-plane.js';
import type { Logger } from '../logging/logger.js';
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js';
import { FixtureError, readFixtureFile } from '../store/fixture.js';
import { watchFiles } from './watch-files.js';

export interface LiveReloadOptions {
  /** The `--fixtures` file: a valid new version replaces the shared dataset. */
  fixtures?: string;
  /** The `--spec` document (its folder is watched, for documents split over files). */
  spec?: string;
  plane: ControlPlane;
  /** Serves a checked spec: builds and warms the app for it, then swaps it in. */
  swapSpec: (spec: LoadedSpec) => Promise<void>;
  logger: Logger;
}

/**
 * `--watch`: reloads the fixtures and the spec when their files change. Each new version is
 * checked first; a broken one is logged (file, JSON path, problem) and the old one stays in use.
 * Sandboxes are never touched. Returns a function that stops watching.
 */
export function startLiveReload(options: LiveReloadOptions): () => void {
  const { plane, logger } = options;
  const stops: Array<() => void> = [];
  if (options.fixtures) {
    const file = options.fixtures;
    const reloadFixtures = async () => {
      try {
        const fixture = await readFixtureFile(file, plane.fixtureCheck);
        await plane.reloadFixtures(fixture, file);
        logger.info({ file, webhooks: fixture.webhooks.length }, 'fixtures reloaded: the shared dataset was replaced (sandboxes untouched)');
      } catch (err) {
        if (!(err instanceof FixtureError)) throw err;
        logger.error({ file, problems: err.problems }, `fixtures not reloaded, the old dataset stays: ${err.message}`);
      }
    };
    stops.push(watchFiles({ file, onChange: () => reloadFixtures().catch((err: Error) => logger.error({ file, err }, 'fixtures not reloaded')) }).close);
  }
  if (options.spec) {
    const file = options.spec;
    const reloadSpec = async () => {
      let spec: LoadedSpec;
      try {
        spec = await loadSpec(file);
      } catch (err) {
        logger.error({ file, problem: (err as Error).message }, 'spec not reloaded, the old one stays in use');
        return;
      }
      await options.swapSpec(spec);
      logger.info({ file }, 'spec reloaded: validators warmed, new requests use it');
    };
    stops.push(watchFiles({ file, tree: true, onChange: () => reloadSpec().catch((err: Error) => logger.error({ file, err }, 'spec not reloaded')) }).close);
  }
  return () => stops.forEach((stop) => stop());
}
