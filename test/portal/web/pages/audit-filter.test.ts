// The audit page's filters: the service parses them, the time window is inclusive, CSV records survive line breaks.
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../../src/keyservice/query/index.js';
import {
  auditFilter,
  inWindow,
  keepCsvRecords,
  NO_AUDIT_FILTERS,
} from '../../../../src/portal/web/pages/audit-filter.js';

describe('audit log filters', () => {
  it('turns actor, action, target and outcome into one filter the service parses', () => {
    expect(auditFilter(NO_AUDIT_FILTERS)).toBe('');
    const text = auditFilter({
      ...NO_AUDIT_FILTERS,
      actor: 'admin',
      action: 'api_key.delete',
      target: "o'brien",
      outcome: 'denied',
    });
    expect(() => parseFilter(text)).not.toThrow();
    expect(text).toContain("outcome == 'denied'");
  });

  it('keeps times inside an inclusive window; open bounds keep everything', () => {
    expect(inWindow(5, 5, 10)).toBe(true);
    expect(inWindow(10, 5, 10)).toBe(true);
    expect(inWindow(11, 5, 10)).toBe(false);
    expect(inWindow(4, 5, null)).toBe(false);
    expect(inWindow(4, null, null)).toBe(true);
    expect(inWindow(null, null, null)).toBe(false);
  });

  it('keeps the CSV header and the records with the given ids, with quoted line breaks inside records', () => {
    const csv = 'id,time,detail\r\n3,t3,"two\r\nlines"\r\n2,t2,plain\r\n1,t1,"a ""quoted"" cell"\r\n';
    expect(keepCsvRecords(csv, new Set(['3', '1']))).toBe(
      'id,time,detail\r\n3,t3,"two\r\nlines"\r\n1,t1,"a ""quoted"" cell"\r\n',
    );
    expect(keepCsvRecords(csv, new Set())).toBe('id,time,detail\r\n');
  });
});
