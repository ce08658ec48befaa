// The plan as Markdown for PR comments and job summaries: a headline with the counts, the plan text in a fence.
// Built only from the secret-free Plan and error messages (which never carry secrets by contract).
import { isSettled, summarize, type Plan } from '../../core/plan/index.js';
import { renderPlanText } from '../../app/render/plan-text.js';

/** A fence longer than any run of backticks in `text`, so the text can never close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function planHeadline(plan: Plan): string {
  const s = summarize(plan);
  const blocked = plan.blocked.length ? `; ${plan.blocked.length} blocked` : '';
  if (isSettled(plan)) return '**No changes.** Service users, keys and stores match the manifests.';
  if (plan.actions.length === 0) {
    return `**No changes to apply, but attention needed**${blocked}: see the notices below.`;
  }
  return (
    `**Plan:** ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.rotate} to rotate, ` +
    `${s.repair} to repair${blocked}.`
  );
}

export interface PlanMarkdown {
  readonly title: string;
  readonly headline: string;
  /** The plain plan text that goes into the fenced block (split across comments when too long). */
  readonly body: string;
  readonly footer: string;
}

export function planMarkdown(
  plan: Plan,
  meta: { title: string; files: readonly string[]; runUrl: string | null },
): PlanMarkdown {
  const run = meta.runUrl ? ` · [workflow run](${meta.runUrl})` : '';
  return {
    title: meta.title,
    headline: planHeadline(plan),
    body: renderPlanText(plan),
    footer: `<sub>keyward plan as of ${plan.at} for ${meta.files.map((f) => `\`${f}\``).join(', ')}${run}</sub>`,
  };
}

/** One Markdown document (the job summary; a comment when it fits). */
export function renderMarkdown(doc: PlanMarkdown): string {
  const fence = fenceFor(doc.body);
  return `### ${doc.title}\n\n${doc.headline}\n\n${fence}text\n${doc.body.replace(/\n$/, '')}\n${fence}\n\n${doc.footer}\n`;
}

/** A failed plan as Markdown: the error message only (user and system errors are secret-free). */
export function errorMarkdown(title: string, message: string, runUrl: string | null): string {
  const fence = fenceFor(message);
  return `### ${title}\n\n**keyward failed.**${runUrl ? ` See the [workflow run](${runUrl}).` : ''}\n\n${fence}text\n${message}\n${fence}\n`;
}
