// Shows a one-time set-password link to the administrator who asked for it, with a Copy button.
// The link is shown once, held only in memory; never stored, logged or put in the page's address.
import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.js';
import { showTime } from '../../format.js';

export interface PasswordLink {
  readonly userName: string;
  readonly url: string;
  readonly expiresAt: string;
  readonly emailed: boolean;
}

export function PasswordLinkDialog({ link, onClose }: { link: PasswordLink; onClose: () => void }) {
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(link.url).then(
      () => setCopied('Copied to the clipboard.'),
      () => setCopied('Copying failed: select the link and copy it yourself.'),
    );
  return (
    <Dialog title="Set-password link" onClose={onClose} alert>
      <p>
        Give this link to <strong>{link.userName}</strong>. It sets their password once and stops working at{' '}
        {showTime(link.expiresAt)}.{' '}
        {link.emailed ? 'It was also sent to their e-mail address.' : 'It was not e-mailed.'}
      </p>
      <label class="field">
        <span>Link</span>
        <input class="secret" type="text" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
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
    </Dialog>
  );
}
