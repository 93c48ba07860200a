import { BUILT_CLI, SOURCE_CLI, buildIsCurrent } from '../../scripts/current-build.mjs';

/**
 * Node's arguments for the pretix-mock CLI, as `npm start` picks them (scripts/current-build.mjs):
 * the build in dist/ when it is current, else the source through tsx. The build starts with about
 * half the CPU (tsx's loader costs some 0.5 s a process), and the CLI tests spawn it dozens of
 * times; after an edit without a build they run the source.
 */
export const CLI_ENTRY: readonly string[] = buildIsCurrent() ? [BUILT_CLI] : ['--import', 'tsx', SOURCE_CLI];
