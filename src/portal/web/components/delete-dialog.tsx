// Asks before a delete: a confirm dialog whose red button says "Delete". The text says what is lost.
import type { ComponentChildren } from 'preact';
import { ConfirmDialog } from './confirm-dialog.js';

export interface DeleteDialogProps {
  readonly title: string;
  readonly children: ComponentChildren;
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

export function DeleteDialog({ title, children, onConfirm, onClose }: DeleteDialogProps) {
  return (
    <ConfirmDialog title={title} confirmLabel="Delete" danger onClose={onClose} onConfirm={onConfirm}>
      {children}
    </ConfirmDialog>
  );
}
