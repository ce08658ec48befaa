// A plain data table: a caption for screen readers, one header row of column names, and the rows the page gives.
// The service keys table has its own (sorting, selection); every other list in the portal uses this one.
import type { ComponentChildren } from 'preact';

export interface DataTableProps {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly children: ComponentChildren;
}

export function DataTable({ caption, columns, children }: DataTableProps) {
  return (
    <div class="table-wrap">
      <table class="data-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
