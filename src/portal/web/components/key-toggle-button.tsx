// The small Enable / Disable button of a key's row; its accessible name says which key it acts on.
export function KeyToggleButton({
  name,
  enabled,
  onClick,
}: {
  readonly name: string;
  readonly enabled: boolean;
  readonly onClick: () => void;
}) {
  const verb = enabled ? 'Disable' : 'Enable';
  return (
    <button type="button" class="button button-small" aria-label={`${verb} ${name}`} onClick={onClick}>
      {verb}
    </button>
  );
}
