// Turns two YAML parser complaints into problems people can act on: a duplicate key names its JSON path and where
// the first one is; a bad indentation points at the line and column that are wrong. Never echoes a value.
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { pointer, quote } from './problems.js';

export interface Located {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  return range !== undefined && range !== null && range[0] <= offset && offset < Math.max(range[1], range[0] + 1);
}

/** The duplicate key at `offset`: its JSON pointer, and the line of the first key of that name in the same mapping. */
export function duplicateKey(doc: Document, offset: number, lines: LineCounter): Located | undefined {
  let node: unknown = doc.contents;
  let path = '';
  for (let depth = 0; depth < 200 && node !== null && node !== undefined; depth++) {
    if (isMap(node)) {
      const index = node.items.findIndex((p) => contains(p.key, offset));
      if (index >= 0) {
        const key = node.items[index]?.key;
        const name = isScalar(key) ? String(key.value) : '';
        const first = node.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
        const firstAt =
          first && isScalar(first.key) && first.key.range ? lines.linePos(first.key.range[0]).line : undefined;
        const { line, col } = lines.linePos(offset);
        const also = firstAt === undefined ? '' : `; the first is on line ${firstAt}`;
        return {
          line,
          column: col,
          path: pointer(path, name),
          message: `duplicate key ${quote(name)} in this mapping (YAML keys must be unique${also})`,
        };
      }
      const pair = node.items.find((p) => contains(p.value, offset));
      if (!pair || !isScalar(pair.key)) return undefined;
      path = pointer(path, String(pair.key.value));
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) return undefined;
      path = pointer(path, index);
      node = node.items[index];
    } else {
      return undefined;
    }
  }
  return undefined;
}

interface Block {
  readonly line: number;
  readonly column: number;
}

/** Columns where a block starts on a content line: the line's first character and, after `- `, the item's key. */
function blockColumns(text: string, line: number): Block[] {
  const indent = text.length - text.trimStart().length;
  const blocks: Block[] = [{ line, column: indent + 1 }];
  const item = /^(\s*)((?:-\s+)+)(?=\S)/.exec(text);
  if (item?.[2]) blocks.push({ line, column: (item[1]?.length ?? 0) + item[2].length + 1 });
  return blocks;
}

const isContent = (text: string): boolean =>
  text.trim() !== '' && !text.trimStart().startsWith('#') && text.trim() !== '---';

/**
 * For an indentation error the parser reports near `errorLine` (1-based): the first line from there that lines up
 * with no block the lines above it open, with the nearest columns it could start at. Undefined when all line up.
 */
export function badIndentation(text: string, errorLine: number, nextLine: boolean): Located | undefined {
  const all = text.split(/\r?\n/);
  let target = errorLine;
  if (nextLine) {
    target = errorLine + 1;
    while (target <= all.length && !isContent(all[target - 1] ?? '')) target++;
  }
  const wrong = all[target - 1];
  if (wrong === undefined || !isContent(wrong) || wrong.startsWith('\t')) return undefined;
  const column = wrong.length - wrong.trimStart().length + 1;
  // The blocks open at this point: each earlier content line that starts left of every line after it.
  const open: Block[] = [];
  let leftmost = Number.POSITIVE_INFINITY;
  for (let n = target - 1; n >= 1 && leftmost > 1; n--) {
    const text = all[n - 1] ?? '';
    if (!isContent(text)) continue;
    const blocks = blockColumns(text, n);
    if ((blocks[0]?.column ?? 0) >= leftmost) continue;
    leftmost = blocks[0]?.column ?? 1;
    open.push(...blocks.filter((b) => !open.some((o) => o.column === b.column)));
  }
  if (open.length === 0 || open.some((b) => b.column === column)) return undefined;
  const deeper = open.filter((b) => b.column > column).sort((a, b) => a.column - b.column)[0];
  const shallower = open.filter((b) => b.column < column).sort((a, b) => b.column - a.column)[0];
  const at = (b: Block): string => `column ${b.column} (line ${b.line})`;
  const fix =
    deeper && shallower
      ? `line it up with ${at(deeper)} or ${at(shallower)}`
      : shallower
        ? `it is deeper than the block it continues at ${at(shallower)}`
        : `line it up with ${at(deeper as Block)}`;
  return { line: target, column, path: '', message: `bad indentation: this line starts at column ${column}; ${fix}` };
}
