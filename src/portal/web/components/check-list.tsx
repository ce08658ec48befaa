// A fieldset of checkboxes choosing several values (groups, roles, permissions), keeping the choice in order of
// clicking. Shows `empty` when there is nothing to choose.
interface CheckItem {
  readonly value: string;
  readonly label: string;
}

export interface CheckListProps {
  readonly legend: string;
  readonly items: readonly CheckItem[];
  readonly chosen: readonly string[];
  readonly onChange: (chosen: readonly string[]) => void;
  readonly empty?: string;
}

export function CheckList({ legend, items, chosen, onChange, empty }: CheckListProps) {
  return (
    <fieldset class="field">
      <legend>{legend}</legend>
      {items.length === 0 && empty !== undefined ? (
        <p class="hint">{empty}</p>
      ) : (
        items.map((item) => (
          <label key={item.value} class="check">
            <input
              type="checkbox"
              checked={chosen.includes(item.value)}
              onChange={(e) =>
                onChange(e.currentTarget.checked ? [...chosen, item.value] : chosen.filter((c) => c !== item.value))
              }
            />
            {item.label}
          </label>
        ))
      )}
    </fieldset>
  );
}
