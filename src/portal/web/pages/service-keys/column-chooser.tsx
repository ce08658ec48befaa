// "Columns": choose which columns of the key table show, or restore the defaults; kept per user on the server.
// Never hides every column (at least one stays), and never stores anything but column names.
import { useState } from 'preact/hooks';
import { DEFAULT_COLUMNS, KEY_COLUMNS } from './columns.js';

export function ColumnChooser({
  visible,
  onChange,
  onRestore,
}: {
  visible: readonly string[];
  onChange: (next: string[]) => void;
  onRestore: () => void;
}) {
  const [open, setOpen] = useState(false);
  const toggle = (id: string, on: boolean) => {
    const next = KEY_COLUMNS.map((c) => c.id as string).filter((c) => (c === id ? on : visible.includes(c)));
    if (next.length > 0) onChange(next);
  };
  const isDefault = visible.length === DEFAULT_COLUMNS.length && DEFAULT_COLUMNS.every((c) => visible.includes(c));
  return (
    <div class="popover-wrap">
      <button
        type="button"
        class="button"
        aria-expanded={open}
        aria-controls="column-chooser"
        onClick={() => setOpen(!open)}
      >
        Columns
      </button>
      {open && (
        <fieldset
          id="column-chooser"
          class="popover"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <legend>Columns to show</legend>
          {KEY_COLUMNS.map((c) => (
            <label key={c.id} class="check">
              <input
                type="checkbox"
                checked={visible.includes(c.id)}
                disabled={visible.length === 1 && visible.includes(c.id)}
                onChange={(e) => toggle(c.id, e.currentTarget.checked)}
              />
              {c.label}
            </label>
          ))}
          <div class="popover-actions">
            <button type="button" class="button button-small" disabled={isDefault} onClick={onRestore}>
              Restore defaults
            </button>
            <button type="button" class="button button-small" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
