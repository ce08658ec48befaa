// Renders the key table: a checkbox per row, sortable column headers, the name as the way into the details panel.
// Never shows a secret; keys expiring within 14 days are highlighted and say so in words, not colour alone.
import type { ApiKey } from '../../api/types.js';
import { expiresSoon } from '../../format.js';
import type { KeyTable } from './use-key-table.js';

export function KeyTableView({
  table,
  now,
  onOpen,
  selectedId,
}: {
  table: KeyTable;
  now: number;
  onOpen: (key: ApiKey) => void;
  selectedId: string | null;
}) {
  const rows = table.getRowModel().rows;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return (
    <div class="table-wrap">
      <table class="data-table" aria-describedby="key-table-summary">
        <thead>
          <tr>
            <th scope="col" class="select-cell">
              <input
                type="checkbox"
                aria-label="Select all keys on this page"
                checked={table.getIsAllPageRowsSelected()}
                ref={(el) => {
                  if (el) el.indeterminate = table.getIsSomePageRowsSelected();
                }}
                onChange={(e) => table.toggleAllPageRowsSelected(e.currentTarget.checked)}
              />
            </th>
            {headers.map((header) => {
              const sorted = header.column.getIsSorted();
              return (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                >
                  <button
                    type="button"
                    class="sort-button"
                    onClick={() => header.column.toggleSorting(sorted === 'asc')}
                  >
                    {String(header.column.columnDef.header)}
                    <span aria-hidden="true" class="sort-mark">
                      {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = row.original;
            const soon = key.state === 'enabled' && expiresSoon(key.expires_at, now);
            const classes = [
              soon ? 'row-expiring' : '',
              row.getIsSelected() ? 'row-selected' : '',
              selectedId === key.id ? 'row-open' : '',
            ];
            return (
              <tr key={row.id} class={classes.join(' ').trim()}>
                <td class="select-cell">
                  <input
                    type="checkbox"
                    aria-label={`Select ${key.name}`}
                    checked={row.getIsSelected()}
                    onChange={(e) => row.toggleSelected(e.currentTarget.checked)}
                  />
                </td>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} class={`cell-${cell.column.id}`}>
                    {cell.column.id === 'name' ? (
                      <button
                        type="button"
                        class="link-button"
                        onClick={() => onOpen(key)}
                        aria-label={`Details of ${key.name}`}
                      >
                        {String(cell.getValue())}
                      </button>
                    ) : cell.column.id === 'state' ? (
                      <span class={`state state-${key.state}`}>{String(cell.getValue())}</span>
                    ) : (
                      String(cell.getValue())
                    )}
                    {cell.column.id === 'expires_at' && soon && <span class="badge">Expires within 14 days</span>}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
