// A value shown once in a dialog (a new key's secret, a set-password link): read-only, a Copy button and a Close
// button. The value lives only in props; it is never stored, logged or put in the page's address.
import { useState } from 'preact/hooks';

export interface CopyFieldProps {
  /** The field's label, for example "API key". */
  readonly label: string;
  /** What the value is, in the sentence shown when copying fails ("select the … and copy it yourself"). */
  readonly noun: string;
  readonly value: string;
  readonly onClose: () => void;
}

export function CopyField({ label, noun, value, onClose }: CopyFieldProps) {
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('Copied to the clipboard.'),
      () => setCopied(`Copying failed: select the ${noun} and copy it yourself.`),
    );
  return (
    <>
      <label class="field">
        <span>{label}</span>
        <input
          class="secret"
          type="text"
          readOnly
          value={value}
          autoComplete="off"
          spellcheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <p class="hint" role="status">
        {copied}
      </p>
      <div class="dialog-actions">
        <button type="button" class="button button-primary" onClick={copy} data-autofocus>
          Copy
        </button>
        <button type="button" class="button" onClick={onClose}>
          Close
        </button>
      </div>
    </>
  );
}
