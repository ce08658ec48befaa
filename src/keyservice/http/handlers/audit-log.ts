// GET /api/auditlog/v1/logs: the audit log for account admins, as JSON, JSON lines or CSV.
// Never shown to anyone without All Access; a refusal is itself audited.
import { userError } from '../../../kernel/errors.js';
import { parseListOptions } from '../../query/index.js';
import { listAudit } from '../../repository/audit-repo.js';
import { ALL_ACCESS } from '../../domain/permissions.js';
import type { KeyServiceContext } from '../../service/context.js';
import { guard } from '../../service/guard.js';
import { auditListSpec } from '../list-specs.js';
import { ok, route, type Route } from '../router.js';
import { auditWire, pick, type WireObject } from '../wire.js';

const CSV_COLUMNS = [
  'id',
  'time',
  'actor',
  'actor_id',
  'actor_type',
  'action',
  'target',
  'outcome',
  'detail',
  'source',
  'count',
];

function csvCell(value: unknown): string {
  const textValue =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading = + - @ would run as a formula in a spreadsheet; prefix it with a quote.
  const safe = /^[=+\-@\t\r]/.test(textValue) ? `'${textValue}` : textValue;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function toCsv(rows: readonly WireObject[], columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function auditRoutes(ctx: KeyServiceContext): Route[] {
  return [
    route('GET', '/api/auditlog/v1/logs', async (call) => {
      const params = new URLSearchParams(call.url.searchParams);
      const format = params.get('format') ?? 'json';
      params.delete('format');
      if (!['json', 'jsonl', 'csv'].includes(format))
        throw userError('bad_request', 'format must be json, jsonl or csv');
      const options = parseListOptions(params, auditListSpec);
      await guard(ctx, call.principal, ALL_ACCESS, 'reading the audit log', 'audit log');
      // Aggregated failures still counting are written first, so the log shows every failure up to now.
      await ctx.failureAudit.flush();
      const rows = (await listAudit(ctx.db, options)).map((e) => pick(auditWire(e), options.fields));
      if (format === 'jsonl') {
        return {
          status: 200,
          text: { contentType: 'application/x-ndjson', body: rows.map((r) => `${JSON.stringify(r)}\n`).join('') },
        };
      }
      if (format === 'csv') {
        return {
          status: 200,
          text: { contentType: 'text/csv; charset=utf-8', body: toCsv(rows, options.fields ?? CSV_COLUMNS) },
        };
      }
      return ok({ results: rows });
    }),
  ];
}
