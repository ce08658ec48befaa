// Error and status lines: errors are announced (role alert), statuses politely (role status).
// Never renders anything but text: no HTML from a server answer, never raw JSON.
import type { ComponentChildren } from 'preact';

export function ErrorMessage({ text }: { readonly text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p class="message message-error" role="alert">
      {text}
    </p>
  );
}

export function StatusMessage({ children }: { readonly children: ComponentChildren }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <p class="message message-status" role="status">
      {children}
    </p>
  );
}
