// Bumps `generation` of declared keys inside manifest text by editing only those characters (what a rotation PR does),
// so comments, layout and every other line stay byte for byte. Never rewrites a file it cannot edit exactly.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { userError } from '../../kernel/errors.js';

export interface GenerationBump {
  /**
   * The manifest's metadata.name; picks the document in a multi-document file (absent: the first that declares the
   * key).
   */
  readonly scope?: string;
  readonly serviceUser: string;
  readonly key: string;
  /**
   * The generation the manifest must declare now (absent `generation` reads as 1); anything else is refused. Absent:
   * any.
   */
  readonly from?: number;
  /** Absent: the declared generation + 1. */
  readonly to?: number;
}

export interface BumpedText {
  readonly text: string;
  /** The generation each bump wrote, in the order of the bumps. */
  readonly generations: readonly number[];
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly to: number;
}

/**
 * Returns `text` with every bump applied; throws a user error naming the file when a key or generation is not found.
 */
export function bumpGenerationsInText(text: string, file: string, bumps: readonly GenerationBump[]): BumpedText {
  const documents = parseAllDocuments(text);
  const docs = Array.isArray(documents) ? documents : [documents];
  const edits = bumps.map((bump) => editFor(text, file, docs, bump));
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, generations: edits.map((e) => e.to) };
}

function editFor(text: string, file: string, docs: readonly Document[], bump: GenerationBump): Edit {
  const where = `${file}: ${bump.scope ?? '*'}/${bump.serviceUser}/${bump.key}`;
  const entry = docs
    .filter((d) => bump.scope === undefined || scalarOf(pairIn(d.contents, 'metadata')?.value, 'name') === bump.scope)
    .map((d) => findKeyEntry(d, bump))
    .find((e) => e !== undefined);
  if (!entry) throw userError('manifest.edit', `${where}: no such key declared`);
  const generation = pairIn(entry, 'generation');
  if (generation) {
    const node = generation.value;
    const current = isScalar(node) ? Number(node.value) : Number.NaN;
    if (!isScalar(node) || !node.range) throw userError('manifest.edit', `${where}: generation is not a plain number`);
    if (!Number.isInteger(current)) throw userError('manifest.edit', `${where}: generation is not a plain number`);
    if (bump.from !== undefined && current !== bump.from)
      throw userError('manifest.edit', `${where}: generation is ${current}, expected ${bump.from}`);
    const to = bump.to ?? current + 1;
    return { start: node.range[0], end: node.range[1], text: String(to), to };
  }
  if (bump.from !== undefined && bump.from !== 1)
    throw userError('manifest.edit', `${where}: no generation declared (reads as 1), expected ${bump.from}`);
  return insertAfterName(text, entry, where, bump.to ?? 2);
}

function findKeyEntry(doc: Document, bump: GenerationBump): YAMLMap | undefined {
  const users = pairIn(doc.contents, 'serviceUsers')?.value;
  const user = isSeq(users)
    ? users.items.find((u) => isMap(u) && scalarValue(pairIn(u, 'name')?.value) === bump.serviceUser)
    : undefined;
  const keys = isMap(user) ? pairIn(user, 'keys')?.value : undefined;
  const entry = isSeq(keys)
    ? keys.items.find((k) => isMap(k) && scalarValue(pairIn(k, 'name')?.value) === bump.key)
    : undefined;
  return isMap(entry) ? entry : undefined;
}

/** A key without `generation`: add `generation: N` right after its name, in the map's own style. */
function insertAfterName(text: string, entry: YAMLMap, where: string, to: number): Edit {
  const name = pairIn(entry, 'name');
  const keyNode = name?.key as Node | undefined;
  const valueNode = name?.value as Node | undefined;
  if (!keyNode?.range || !valueNode?.range) throw userError('manifest.edit', `${where}: cannot locate the key's name`);
  if (entry.flow) return { start: valueNode.range[1], end: valueNode.range[1], text: `, generation: ${to}`, to };
  const lineStart = text.lastIndexOf('\n', keyNode.range[0] - 1) + 1;
  const column = keyNode.range[0] - lineStart;
  const newline = text.indexOf('\n', valueNode.range[1]);
  if (newline === -1)
    return { start: text.length, end: text.length, text: `\n${' '.repeat(column)}generation: ${to}`, to };
  const crlf = text[newline - 1] === '\r';
  const at = crlf ? newline - 1 : newline;
  return { start: at, end: at, text: `${crlf ? '\r\n' : '\n'}${' '.repeat(column)}generation: ${to}`, to };
}

function pairIn(node: unknown, key: string): Pair<unknown, Node> | undefined {
  if (!isMap(node)) return undefined;
  return (node.items as Pair<unknown, Node>[]).find((p) => scalarValue(p.key) === key);
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function scalarOf(node: unknown, key: string): unknown {
  return scalarValue(pairIn(node, key)?.value);
}
