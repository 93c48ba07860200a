/** Levenshtein distance, one row at a time. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The `count` registered types closest to `actionType` by edit distance, closest first (ties in registration order). */
export function nearestTypes(actionType: string, registered: readonly string[], count = 3): string[] {
  return registered
    .map((type, index) => ({ type, index, d: distance(actionType, type) }))
    .sort((x, y) => x.d - y.d || x.index - y.index)
    .slice(0, count)
    .map((x) => x.type);
}

/** The notify answer's warning for an action type no registered type matches. */
export function unmatchedWarning(actionType: string, registered: readonly string[]): string {
  return `${actionType} matches no registered webhook type (exactly, or as <prefix>.* with trailing segments stripped), ` +
    `so pretix would send it to no webhook. Nearest registered types: ${nearestTypes(actionType, registered).join(', ')}.`;
}
