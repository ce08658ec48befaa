// Enable, Disable and Delete for the selected keys, each after a confirmation naming how many keys it affects.
// Never touches an expired key with enable/disable (the service refuses it); reports which keys failed and why.
import { useState } from 'preact/hooks';
import type { ApiKey } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { deleteKey, forEachKey, setKeyState } from '../key-actions.js';

type Action = 'enable' | 'disable' | 'delete';

const WORDS: Readonly<Record<Action, { button: string; done: string }>> = {
  enable: { button: 'Enable', done: 'enabled' },
  disable: { button: 'Disable', done: 'disabled' },
  delete: { button: 'Delete', done: 'deleted' },
};

export function BulkActions({
  selected,
  onDone,
}: {
  selected: readonly ApiKey[];
  onDone: (status: string, failures: string[]) => void;
}) {
  const { api } = usePortal();
  const [action, setAction] = useState<Action | null>(null);
  const targets = (a: Action) =>
    a === 'delete' ? selected : selected.filter((k) => k.state !== 'expired' && k.state !== `${a}d`);
  const none = selected.length === 0;
  const plural = (n: number) => (n === 1 ? '1 key' : `${n} keys`);
  const run = async (a: Action) => {
    const keys = targets(a);
    const failures = await forEachKey(keys, (k) =>
      a === 'delete' ? deleteKey(api, k) : setKeyState(api, k, a === 'enable' ? 'enabled' : 'disabled'),
    );
    onDone(`${plural(keys.length - failures.length)} ${WORDS[a].done}.`, failures);
  };
  return (
    <div class="bulk" role="group" aria-label="Actions on the selected keys">
      {(['enable', 'disable', 'delete'] as const).map((a) => (
        <button
          key={a}
          type="button"
          class={a === 'delete' ? 'button button-danger' : 'button'}
          disabled={none || targets(a).length === 0}
          onClick={() => setAction(a)}
        >
          {WORDS[a].button}
        </button>
      ))}
      {action !== null && (
        <ConfirmDialog
          title={`${WORDS[action].button} ${plural(targets(action).length)}`}
          confirmLabel={WORDS[action].button}
          danger={action !== 'enable'}
          onClose={() => setAction(null)}
          onConfirm={() => run(action)}
        >
          <p>{WORDS[action].button} these keys?</p>
          <ul class="confirm-list">
            {targets(action).map((k) => (
              <li key={k.id}>{k.name}</li>
            ))}
          </ul>
          {action === 'delete' && <p>Deleted keys stop working at once. This cannot be undone.</p>}
          {action === 'disable' && <p>Disabled keys stop working until they are enabled again.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
