// Where a path of a plain YAML document (yaml-plain.ts) is in its source: the same offsets the full parser's
// locateOffset (yaml-documents.ts) gives, read from the plain reader's nodes.
import type { PlainNode } from './yaml-plain.js';

/** Where `path` is, following the full parser's rules (yaml-documents.ts locateOffset) over the plain nodes. */
export function plainOffset(
  text: string,
  root: PlainNode,
  segments: readonly string[],
  options: { readonly key?: boolean; readonly needle?: string },
): number {
  let node: PlainNode = root;
  let offset = root.start;
  for (const [i, segment] of segments.entries()) {
    let next: PlainNode | undefined;
    if (node.kind === 'map') {
      const entry = node.entries.get(segment);
      if (entry === undefined) break;
      if (i === segments.length - 1 && options.key === true) return entry.keyStart;
      next = entry.node;
    } else if (node.kind === 'seq') {
      next = node.items[Number(segment)];
    }
    if (next === undefined) break;
    node = next;
    offset = next.start;
  }
  if (options.needle !== undefined && node.kind === 'scalar') {
    const found = text.slice(node.start, node.end).indexOf(options.needle);
    if (found >= 0) return node.start + found;
  }
  return offset;
}
