// The key table's model on @tanstack/table-core: columns, visibility, sort and row selection, all owned by the page
// (controlled state) because the rows come sorted and paged from the server. Never sorts or filters rows itself.
import {
  columnVisibilityFeature,
  constructTable,
  createColumnHelper,
  functionalUpdate,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from '@tanstack/table-core';
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import { useRef } from 'preact/hooks';
import type { ApiKey } from '../../api/types.js';
import { KEY_COLUMNS } from './columns.js';
import type { KeySort } from './query.js';

const features = tableFeatures({
  coreReactivityFeature: storeReactivityBindings(),
  columnVisibilityFeature,
  rowSelectionFeature,
  rowSortingFeature,
});
const helper = createColumnHelper<typeof features, ApiKey>();
const columns = helper.columns(
  KEY_COLUMNS.map((c) => helper.accessor((row) => c.text(row), { id: c.id, header: c.label })),
);

export interface KeyTableState {
  readonly rows: readonly ApiKey[];
  readonly visible: readonly string[];
  readonly sort: KeySort;
  readonly selection: RowSelectionState;
  readonly onSort: (sort: KeySort) => void;
  readonly onSelection: (selection: RowSelectionState) => void;
}

function build(state: KeyTableState) {
  return constructTable({
    features,
    columns,
    data: state.rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    enableRowSelection: true,
  });
}

/** The table for this render: one instance per page, its options replaced with the page's current state. */
export function useKeyTable(state: KeyTableState) {
  const ref = useRef<ReturnType<typeof build> | null>(null);
  ref.current ??= build(state);
  const table = ref.current;
  const sorting: SortingState = [{ id: state.sort.field, desc: state.sort.desc }];
  const columnVisibility = Object.fromEntries(KEY_COLUMNS.map((c) => [c.id, state.visible.includes(c.id)]));
  table.setOptions((prev) => ({
    ...prev,
    data: state.rows,
    state: { sorting, columnVisibility, rowSelection: state.selection },
    onSortingChange: (u: Updater<SortingState>) => {
      const next = functionalUpdate(u, sorting)[0];
      if (next !== undefined) state.onSort({ field: next.id, desc: next.desc });
    },
    onRowSelectionChange: (u: Updater<RowSelectionState>) => state.onSelection(functionalUpdate(u, state.selection)),
  }));
  return table;
}

export type KeyTable = ReturnType<typeof useKeyTable>;
