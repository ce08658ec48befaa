// Asks before deleting one API key, deletes it, and tells the page (its status line, its list) once it is gone.
// The page supplies the sentence saying what is lost; a failed delete stays in the dialog (ConfirmDialog shows it).
import type { ComponentChildren } from 'preact';
import type { ApiKey } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { DeleteDialog } from '../components/delete-dialog.js';
import { deleteKey } from './key-actions.js';

export interface DeleteKeyDialogProps {
  readonly apiKey: ApiKey;
  readonly children: ComponentChildren;
  /** After the delete: `sentence` is the status line to show ("<name> was deleted."). */
  readonly onDeleted: (sentence: string) => void;
  readonly onClose: () => void;
}

export function DeleteKeyDialog({ apiKey, children, onDeleted, onClose }: DeleteKeyDialogProps) {
  const { api } = usePortal();
  return (
    <DeleteDialog
      title="Delete API key"
      onClose={onClose}
      onConfirm={async () => {
        await deleteKey(api, apiKey);
        onDeleted(`${apiKey.name} was deleted.`);
      }}
    >
      {children}
    </DeleteDialog>
  );
}
