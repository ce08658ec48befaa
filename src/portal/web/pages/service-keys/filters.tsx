// The search box and the filter panel (name, state, type) of the key table (seed 001).
// Never filters in the browser: every change goes to the server as `_filter` through the page.
import { useState } from 'preact/hooks';
import { STATE_LABELS, TYPE_LABELS } from '../../format.js';
import type { KeyFilters } from './query.js';

function toggled(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

export function SearchBox({ value, onSearch }: { value: string; onSearch: (text: string) => void }) {
  const [text, setText] = useState(value);
  return (
    <form
      role="search"
      class="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text);
      }}
    >
      <label for="key-search" class="visually-hidden">
        Search keys
      </label>
      <input
        id="key-search"
        type="search"
        placeholder="Search"
        value={text}
        maxLength={60}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          if (v === '') onSearch('');
        }}
      />
      <button type="submit" class="button">
        Search
      </button>
    </form>
  );
}

export function FilterPanel({ filters, onChange }: { filters: KeyFilters; onChange: (next: KeyFilters) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(filters.name);
  const active = (filters.name !== '' ? 1 : 0) + filters.states.length + filters.types.length;
  return (
    <div class="popover-wrap">
      <button
        type="button"
        class="button"
        aria-expanded={open}
        aria-controls="key-filters"
        onClick={() => setOpen(!open)}
      >
        Filter{active > 0 ? ` (${active})` : ''}
      </button>
      {open && (
        <div
          id="key-filters"
          class="popover"
          role="group"
          aria-label="Filter keys"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <form
            onSubmit={(e) => {
              e.preventDefault();
              onChange({ ...filters, name });
            }}
          >
            <label for="filter-name">Name contains</label>
            <div class="inline">
              <input id="filter-name" value={name} maxLength={60} onInput={(e) => setName(e.currentTarget.value)} />
              <button type="submit" class="button button-small">
                Apply
              </button>
            </div>
          </form>
          <fieldset>
            <legend>State</legend>
            {Object.entries(STATE_LABELS).map(([value, label]) => (
              <label key={value} class="check">
                <input
                  type="checkbox"
                  checked={filters.states.includes(value)}
                  onChange={(e) =>
                    onChange({
                      ...filters,
                      states: toggled(filters.states, value, e.currentTarget.checked),
                    })
                  }
                />
                {label}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Type</legend>
            {Object.entries(TYPE_LABELS).map(([value, label]) => (
              <label key={value} class="check">
                <input
                  type="checkbox"
                  checked={filters.types.includes(value)}
                  onChange={(e) =>
                    onChange({
                      ...filters,
                      types: toggled(filters.types, value, e.currentTarget.checked),
                    })
                  }
                />
                {label}
              </label>
            ))}
          </fieldset>
          <div class="popover-actions">
            <button
              type="button"
              class="button button-small"
              disabled={active === 0}
              onClick={() => {
                setName('');
                onChange({ ...filters, name: '', states: [], types: [] });
              }}
            >
              Clear filters
            </button>
            <button type="button" class="button button-small" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
