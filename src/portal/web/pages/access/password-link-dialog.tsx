// Shows a one-time set-password link to the administrator who asked for it, with a Copy button.
// The link is shown once, held only in memory; never stored, logged or put in the page's address.
import { CopyField } from '../../components/copy-field.js';
import { Dialog } from '../../components/dialog.js';
import { showTime } from '../../format.js';

export interface PasswordLink {
  readonly userName: string;
  readonly url: string;
  readonly expiresAt: string;
  readonly emailed: boolean;
}

export function PasswordLinkDialog({ link, onClose }: { link: PasswordLink; onClose: () => void }) {
  return (
    <Dialog title="Set-password link" onClose={onClose} alert>
      <p>
        Give this link to <strong>{link.userName}</strong>. It sets their password once and stops working at{' '}
        {showTime(link.expiresAt)}.{' '}
        {link.emailed ? 'It was also sent to their e-mail address.' : 'It was not e-mailed.'}
      </p>
      <CopyField label="Link" noun="link" value={link.url} onClose={onClose} />
    </Dialog>
  );
}
