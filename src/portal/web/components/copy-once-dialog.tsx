// Shows a new key's secret exactly once, with a Copy button; closing forgets it.
// The secret lives only in this component's props/state: never in storage, a URL, the console or a log.
import { CopyField } from './copy-field.js';
import { Dialog } from './dialog.js';

export interface CopyOnceProps {
  readonly title: string;
  readonly keyName: string;
  /** The 64-hex secret from the create answer. */
  readonly secret: string;
  readonly onClose: () => void;
}

export function CopyOnceDialog({ title, keyName, secret, onClose }: CopyOnceProps) {
  return (
    <Dialog title={title} onClose={onClose} alert>
      <p>
        The API key <strong>{keyName}</strong> was created. Copy it now and keep it somewhere safe:{' '}
        <strong>you will not be able to see this key again</strong> after you close this dialog.
      </p>
      <CopyField label="API key" noun="key" value={secret} onClose={onClose} />
    </Dialog>
  );
}
