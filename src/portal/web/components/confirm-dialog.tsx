// Asks before something that cannot be undone (delete) or that affects many keys (bulk enable/disable).
// Never runs the action twice: the buttons are disabled while it runs, and its error stays in the dialog.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import { Dialog } from './dialog.js';
import { ErrorMessage } from './message.js';

export interface ConfirmProps {
  readonly title: string;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly children: ComponentChildren;
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

export function ConfirmDialog({ title, confirmLabel, danger, children, onConfirm, onClose }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose} alert busy={busy}>
      <div class="confirm-text">{children}</div>
      <ErrorMessage text={error} />
      <div class="dialog-actions">
        <button type="button" class="button" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          class={danger ? 'button button-danger' : 'button button-primary'}
          onClick={run}
          disabled={busy}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
