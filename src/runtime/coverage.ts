import type { DocumentedOperation, OperationIndex } from '../spec/operation-index.js';
import type { Coverage, CoverageCell } from '../control/types.js';

const key = (operationId: string, status: number) => `${operationId} ${status}`;

/**
 * Contract coverage: how often clients received each documented response (operation × status)
 * of the pretix API. Answers a fault made up or damaged are not counted; answers with a status
 * the spec does not document for the operation are listed apart.
 */
export class CoverageCounter {
  readonly #documented: CoverageCell[];
  readonly #cells = new Map<string, CoverageCell>();
  readonly #undocumented = new Map<string, CoverageCell>();

  constructor(operations: OperationIndex) {
    this.#documented = operations.operations
      .filter((op) => op.path.startsWith('/api/'))
      .flatMap((op) => op.statuses.map((status) => ({ operationId: op.operationId, method: op.method, path: op.path, status, hits: 0 })));
    for (const cell of this.#documented) this.#cells.set(key(cell.operationId, cell.status), cell);
  }

  hit(op: DocumentedOperation, status: number): void {
    const k = key(op.operationId, status);
    const cell = this.#cells.get(k);
    if (cell) {
      cell.hits++;
      return;
    }
    if (!op.path.startsWith('/api/')) return;
    const extra = this.#undocumented.get(k) ?? { operationId: op.operationId, method: op.method, path: op.path, status, hits: 0 };
    extra.hits++;
    this.#undocumented.set(k, extra);
  }

  report(): Coverage {
    const matrix = this.#documented.map((c) => ({ ...c }));
    const exercised = matrix.filter((c) => c.hits > 0).length;
    return {
      documented: matrix.length,
      exercised,
      percent: matrix.length === 0 ? 0 : Math.round((exercised / matrix.length) * 1000) / 10,
      matrix,
      neverExercised: matrix.filter((c) => c.hits === 0).map(({ hits: _hits, ...rest }) => rest),
      undocumented: [...this.#undocumented.values()].map((c) => ({ ...c })),
    };
  }
}
