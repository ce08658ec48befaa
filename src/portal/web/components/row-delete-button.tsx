// The small red "Delete" button of a table row; its accessible name says what it deletes.
export function RowDeleteButton({ label, onClick }: { readonly label: string; readonly onClick: () => void }) {
  return (
    <button type="button" class="button button-small button-danger" aria-label={label} onClick={onClick}>
      Delete
    </button>
  );
}
