export const BUILT_CLI: string;
export const SOURCE_CLI: string;
export function buildIsCurrent(): boolean;
