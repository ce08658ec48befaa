// Splits a long plan into several PR comments, each below GitHub's 65,536-character body limit, each marked
// with a hidden marker and its part number so reruns find and update them. Never cuts inside a character pair.
import { fenceFor, type PlanMarkdown } from './plan-markdown.js';

/** GitHub refuses comment bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

function markerPrefix(id: string): string {
  return `<!-- keyward:plan:${id} `;
}

export function marker(id: string, part: number, parts: number): string {
  return `${markerPrefix(id)}part ${part}/${parts} -->`;
}

/** The part number a comment body claims, or null when it is not one of ours. */
export function parsePart(body: string, id: string): number | null {
  if (!body.startsWith(markerPrefix(id))) return null;
  const match = /^part (\d+)\/(\d+) -->/.exec(body.slice(markerPrefix(id).length));
  return match ? Number(match[1]) : null;
}

/** Lines of at most `max` characters (a longer line is cut, keeping surrogate pairs whole). */
function chunkLines(text: string, max: number): string[] {
  const out: string[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const chars = Array.from(line);
    if (chars.length === 0) out.push('');
    for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  }
  return out;
}

/** Comment bodies for a plan: one when it fits, else parts that each carry the title and their number. */
export function splitIntoComments(doc: PlanMarkdown, id: string, limit = GITHUB_COMMENT_LIMIT): string[] {
  const fence = fenceFor(doc.body);
  const frame = (part: number, parts: number, text: string): string => {
    const heading = parts === 1 ? `### ${doc.title}` : `### ${doc.title} (part ${part} of ${parts})`;
    const headline = part === 1 ? `${doc.headline}\n\n` : '';
    const footer = part === parts ? `\n\n${doc.footer}` : '';
    return `${marker(id, part, parts)}\n${heading}\n\n${headline}${fence}text\n${text}\n${fence}${footer}\n`;
  };
  const overhead = frame(99999, 99999, '').length + 16;
  const budget = limit - overhead;
  if (budget < 100) throw new Error('comment limit too small for the title and footer');
  const chunks: string[][] = [[]];
  let size = 0;
  for (const line of chunkLines(doc.body, Math.floor(budget / 2))) {
    const current = chunks[chunks.length - 1] ?? [];
    if (size + line.length + 1 > budget && current.length > 0) {
      chunks.push([line]);
      size = line.length + 1;
    } else {
      current.push(line);
      size += line.length + 1;
    }
  }
  return chunks.map((lines, i) => frame(i + 1, chunks.length, lines.join('\n')));
}
