// Shows a new key's secret exactly once, with a Copy button; closing forgets it.
// The secret lives only in this component's props/state: never in storage, a URL, the console or a log.
import { useState } from 'preact/hooks';
import { Dialog } from './dialog.js';

export interface CopyOnceProps {
  readonly title: string;
  readonly keyName: string;
  /** The 64-hex secret from the create answer. */
  readonly secret: string;
  readonly onClose: () => void;
}

export function CopyOnceDialog({ title, keyName, secret, onClose }: CopyOnceProps) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <Dialog title={title} onClose={onClose} alert>
      <p>
        The API key <strong>{keyName}</strong> was created. Copy it now and keep it somewhere safe:{' '}
        <strong>you will not be able to see this key again</strong> after you close this dialog.
      </p>
      <label class="field">
        <span>API key</span>
        <input
          class="secret"
          type="text"
          readOnly
          value={secret}
          autoComplete="off"
          spellcheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <p class="hint" role="status">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'no'
            ? 'Copying failed: select the key and copy it yourself.'
            : ''}
      </p>
      <div class="dialog-actions">
        <button type="button" class="button button-primary" onClick={copy} data-autofocus>
          Copy
        </button>
        <button type="button" class="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
