// Test helpers for the query layer: strip parser positions and capture thrown KeywardErrors.
// Never asserts anything itself.

import { KeywardError } from '../../../src/kernel/errors.js';
import type { FilterNode } from '../../../src/keyservice/query/index.js';

/** The tree without positions, for comparing parses of different texts. */
export function shape(node: FilterNode): unknown {
  switch (node.kind) {
    case 'comparison':
      return { field: node.field, op: node.op, value: node.value };
    case 'not':
      return { not: shape(node.operand) };
    default:
      return { [node.kind]: node.operands.map(shape) };
  }
}

/** The KeywardError `fn` throws; fails the test when it throws something else or nothing. */
export function caught(fn: () => unknown): KeywardError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KeywardError) return err;
    throw new Error(`expected a KeywardError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a KeywardError, nothing was thrown');
}
