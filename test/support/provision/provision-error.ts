// The one kind of failure test provisioning reports: a single line naming what is missing and how to get it.
// Never carries a stack to the user or a secret (database passwords are not in its message).
export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
}

export function isProvisionError(err: unknown): err is ProvisionError {
  return err instanceof ProvisionError;
}
