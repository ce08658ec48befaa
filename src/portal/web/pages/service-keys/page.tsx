// Admin → User Access → Service API Keys (seeds 001, 002): the key table with search, filters, sort, server-side
// paging, column chooser, bulk enable / disable / delete, details panel and Create. Never shows a secret but once.
import type { RowSelectionState } from '@tanstack/table-core';
import { useEffect, useState } from 'preact/hooks';
import type { ApiKey } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { CopyOnceDialog } from '../../components/copy-once-dialog.js';
import { ErrorMessage, StatusMessage } from '../../components/message.js';
import type { CreatedKey } from '../create-my-key-dialog.js';
import { useLoad } from '../use-load.js';
import { BulkActions } from './bulk-actions.js';
import { ColumnChooser } from './column-chooser.js';
import { COLUMNS_PREFERENCE, columnsFromPreference, DEFAULT_COLUMNS } from './columns.js';
import { CreateServiceKeyDialog } from './create-service-key-dialog.js';
import { DetailsPanel } from './details-panel.js';
import { FilterPanel, SearchBox } from './filters.js';
import { KeyTableView } from './key-table.js';
import { DEFAULT_SORT, keyListRequest, NO_FILTERS, type KeyFilters, type KeySort } from './query.js';
import { useKeyTable } from './use-key-table.js';

const PAGE_SIZES = [25, 50, 100];

export function ServiceKeysPage() {
  const { api, now } = usePortal();
  const [filters, setFilters] = useState<KeyFilters>(NO_FILTERS);
  const [sort, setSort] = useState<KeySort>(DEFAULT_SORT);
  const [pageIndex, setPageIndex] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [visible, setVisible] = useState<readonly string[]>(DEFAULT_COLUMNS);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const page = useLoad(
    () => api.page<ApiKey>('/v2/api_keys', keyListRequest(filters, sort, pageIndex, pageSize)),
    [filters, sort, pageIndex, pageSize],
  );
  useEffect(() => {
    api.get<Record<string, unknown>>('/v2/preferences').then(
      (prefs) => setVisible(columnsFromPreference(prefs[COLUMNS_PREFERENCE])),
      () => undefined,
    );
  }, [api]);
  const rows = page.data?.items ?? [];
  const table = useKeyTable({
    rows,
    visible,
    sort,
    selection,
    onSort: (next) => {
      setSort(next);
      setPageIndex(0);
      setSelection({});
    },
    onSelection: setSelection,
  });
  const changeFilters = (next: KeyFilters) => {
    setFilters(next);
    setPageIndex(0);
    setSelection({});
  };
  const saveColumns = (next: readonly string[]) => {
    setVisible(next);
    api
      .request('PUT', `/v2/preferences/${COLUMNS_PREFERENCE}`, { value: next })
      .catch(() => setError('Your column choice could not be saved; it applies until you leave this page.'));
  };
  const restoreColumns = () => {
    setVisible(DEFAULT_COLUMNS);
    api.remove(`/v2/preferences/${COLUMNS_PREFERENCE}`).catch(() => undefined);
  };
  const selected = rows.filter((k) => selection[k.id] === true);
  const first = pageIndex * pageSize + 1;
  const summary =
    rows.length === 0
      ? 'No keys match.'
      : `Keys ${first}–${first + rows.length - 1}${page.data?.hasMore ? ', more on the next page' : ''}.`;
  return (
    <section aria-labelledby="service-keys-title" class={openId === null ? 'with-panel' : 'with-panel panel-open'}>
      <div class="panel-main">
        <div class="page-head">
          <h1 id="service-keys-title">Service API Keys</h1>
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            Create
          </button>
        </div>
        <div class="toolbar">
          <SearchBox value={filters.search} onSearch={(search) => changeFilters({ ...filters, search })} />
          <FilterPanel filters={filters} onChange={changeFilters} />
          <ColumnChooser visible={visible} onChange={saveColumns} onRestore={restoreColumns} />
          <BulkActions
            selected={selected}
            onDone={(text, failures) => {
              setStatus(text);
              setError(failures.length > 0 ? `Some keys were not changed: ${failures.join('; ')}` : null);
              setSelection({});
              page.reload();
            }}
          />
        </div>
        <ErrorMessage text={page.error ?? error} />
        <StatusMessage>{status}</StatusMessage>
        <p id="key-table-summary" class="hint" aria-live="polite">
          {page.loading ? 'Loading…' : summary}
        </p>
        <KeyTableView table={table} now={now()} selectedId={openId} onOpen={(key) => setOpenId(key.id)} />
        <nav class="pager" aria-label="Pages of keys">
          <button
            type="button"
            class="button button-small"
            disabled={pageIndex === 0 || page.loading}
            onClick={() => {
              setPageIndex(pageIndex - 1);
              setSelection({});
            }}
          >
            Previous
          </button>
          <span>Page {pageIndex + 1}</span>
          <button
            type="button"
            class="button button-small"
            disabled={!page.data?.hasMore || page.loading}
            onClick={() => {
              setPageIndex(pageIndex + 1);
              setSelection({});
            }}
          >
            Next
          </button>
          <label class="inline">
            Rows per page
            <select
              value={String(pageSize)}
              onChange={(e) => {
                setPageSize(Number(e.currentTarget.value));
                setPageIndex(0);
                setSelection({});
              }}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </nav>
      </div>
      {openId !== null && <DetailsPanel keyId={openId} onClose={() => setOpenId(null)} />}
      {creating && (
        <CreateServiceKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
            page.reload();
          }}
        />
      )}
      {created !== null && (
        <CopyOnceDialog
          title="API Access Key Generated"
          keyName={created.name}
          secret={created.secret}
          onClose={() => setCreated(null)}
        />
      )}
    </section>
  );
}
