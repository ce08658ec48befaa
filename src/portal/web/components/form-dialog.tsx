// A dialog holding one form: its fields, the error of the last attempt, and Cancel / submit buttons; and the hook
// that runs a submit once at a time. A failure is shown as a sentence and the form stays open to try again.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import { Dialog } from './dialog.js';
import { ErrorMessage } from './message.js';

export interface Submission {
  readonly busy: boolean;
  readonly error: string | null;
  readonly setError: (text: string | null) => void;
  /** Runs `action` with the form busy; on failure shows why and frees the form (on success the dialog closes). */
  readonly run: (action: () => Promise<void>) => Promise<void>;
}

export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    setError,
    async run(action) {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (err) {
        setError(describeError(err));
        setBusy(false);
      }
    },
  };
}

export interface FormDialogProps {
  readonly title: string;
  readonly submission: Submission;
  readonly onClose: () => void;
  /** Called on submit (the browser's own submit is prevented); start the call with `submission.run`. */
  readonly onSubmit: () => void;
  readonly submitLabel: string;
  /** The submit button is refused too (e.g. a limit already reached). */
  readonly submitDisabled?: boolean;
  readonly wide?: boolean;
  readonly children: ComponentChildren;
}

export function FormDialog({
  title,
  submission,
  onClose,
  onSubmit,
  submitLabel,
  submitDisabled,
  wide,
  children,
}: FormDialogProps) {
  const { busy, error } = submission;
  return (
    <Dialog title={title} onClose={onClose} busy={busy} wide={wide}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
        noValidate
      >
        {children}
        <ErrorMessage text={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy || submitDisabled}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
