/** The path Django would match: percent-decoded; undecodable sequences stay as they were. */
export function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
