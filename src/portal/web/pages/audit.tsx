// The audit log for administrators (seed 003: views and deletions of keys are logged and can be exported): filter by
// actor, action, target, outcome and time; export as CSV or JSON lines. Never shows a secret (none is logged).
import { useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import { listParams } from '../api/query.js';
import type { AuditEntry } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { ErrorMessage } from '../components/message.js';
import { fromLocalInput, instantMs, showTime } from '../format.js';
import { auditFilter, inWindow, keepCsvRecords, NO_AUDIT_FILTERS, type AuditFilters } from './audit-filter.js';
import { useLoad } from './use-load.js';

const LIMIT = 1000;

function download(name: string, type: string, body: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditPage() {
  const { api } = usePortal();
  const [draft, setDraft] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [error, setError] = useState<string | null>(null);
  const filter = auditFilter(applied);
  const entries = useLoad(() => api.list<AuditEntry>('/api/auditlog/v1/logs', { filter, limit: LIMIT }), [filter]);
  const [from, to] = [fromLocalInput(applied.from), fromLocalInput(applied.to)];
  const shown = (entries.data ?? []).filter((e) => inWindow(instantMs(e.time), from, to));
  const exportFile = async (format: 'csv' | 'jsonl') => {
    setError(null);
    try {
      const body = await api.text(`/api/auditlog/v1/logs?format=${format}&${listParams({ filter, limit: LIMIT })}`);
      const ids = new Set(shown.map((e) => String(e.id)));
      const kept =
        format === 'csv'
          ? keepCsvRecords(body, ids)
          : body
              .split('\n')
              .filter((line) => line !== '' && ids.has(String((JSON.parse(line) as { id: number }).id)))
              .map((l) => `${l}\n`)
              .join('');
      download(
        `keyward-audit.${format === 'csv' ? 'csv' : 'jsonl'}`,
        format === 'csv' ? 'text/csv' : 'application/x-ndjson',
        kept,
      );
    } catch (err) {
      setError(describeError(err));
    }
  };
  const set = (name: keyof AuditFilters) => (e: Event) =>
    setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value });
  const field = (name: keyof AuditFilters, label: string, time = false) => (
    <div class="field">
      <label for={`audit-${name}`}>{label}</label>
      {time ? (
        <input id={`audit-${name}`} type="datetime-local" value={draft[name]} onInput={set(name)} />
      ) : (
        <input id={`audit-${name}`} type="text" value={draft[name]} onInput={set(name)} />
      )}
    </div>
  );
  return (
    <section aria-labelledby="audit-title">
      <div class="page-head">
        <h1 id="audit-title">Audit log</h1>
        <div class="inline">
          <button type="button" class="button" onClick={() => exportFile('csv')}>
            Export CSV
          </button>
          <button type="button" class="button" onClick={() => exportFile('jsonl')}>
            Export JSON lines
          </button>
        </div>
      </div>
      <form
        class="filter-grid"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        {field('actor', 'Actor')}
        {field('action', 'Action')}
        {field('target', 'Target')}
        <div class="field">
          <label for="audit-outcome">Outcome</label>
          <select
            id="audit-outcome"
            value={draft.outcome}
            onChange={(e) => setDraft({ ...draft, outcome: e.currentTarget.value })}
          >
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="denied">Denied</option>
            <option value="failure">Failure</option>
          </select>
        </div>
        {field('from', 'From', true)}
        {field('to', 'To', true)}
        <div class="inline filter-actions">
          <button type="submit" class="button button-primary">
            Apply filters
          </button>
          <button
            type="button"
            class="button"
            onClick={() => {
              setDraft(NO_AUDIT_FILTERS);
              setApplied(NO_AUDIT_FILTERS);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <p class="hint">
        Newest first; the {LIMIT.toLocaleString('en')} newest entries matching actor, action, target and outcome are
        searched, and the time window applies to those. Exports contain the entries shown.
      </p>
      <ErrorMessage text={entries.error ?? error} />
      <p class="hint" aria-live="polite">
        {entries.loading ? 'Loading…' : `${shown.length} entries.`}
      </p>
      <DataTable caption="Audit entries" columns={['Time', 'Actor', 'Action', 'Target', 'Outcome', 'Detail']}>
        {shown.map((e) => (
          <tr key={e.id}>
            <td>{showTime(e.time)}</td>
            <td>{e.actor}</td>
            <td>{e.action}</td>
            <td class="cell-id">{e.target}</td>
            <td>
              <span class={`outcome outcome-${e.outcome}`}>{e.outcome}</span>
            </td>
            <td>{e.detail}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
