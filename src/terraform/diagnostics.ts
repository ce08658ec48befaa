// Terraform diagnostics: how keyward errors and validation problems reach the user (summary + detail, no stack).
// Must never put a secret or a stack trace into a diagnostic.
import { isKeywardError } from '../kernel/errors.js';

export interface Diagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly summary: string;
  readonly detail: string;
  /** Attribute path inside the object the request is about, e.g. ['secret_store', 'type']. */
  readonly attribute?: readonly string[];
}

export function errorDiag(summary: string, detail: string, attribute?: readonly string[]): Diagnostic {
  return attribute ? { severity: 'ERROR', summary, detail, attribute } : { severity: 'ERROR', summary, detail };
}

export function warningDiag(summary: string, detail: string, attribute?: readonly string[]): Diagnostic {
  return attribute ? { severity: 'WARNING', summary, detail, attribute } : { severity: 'WARNING', summary, detail };
}

/** An error thrown while talking to the key API or a store, as one diagnostic: what failed, then why. */
export function diagnosticFromError(summary: string, err: unknown): Diagnostic {
  if (isKeywardError(err)) {
    const status = err.details['status'];
    const hint = hintFor(err.code, typeof status === 'number' ? status : null);
    return errorDiag(summary, hint ? `${err.message}\n\n${hint}` : err.message);
  }
  const message = err instanceof Error ? err.message : String(err);
  return errorDiag(summary, message);
}

function hintFor(code: string, status: number | null): string | null {
  if (status === 401 || code.includes('unauthenticated')) return "Check the provider's api_key (or KEYWARD_API_KEY).";
  if (status === 403 || code.includes('forbidden') || code.includes('permission')) {
    return 'The API key lacks a permission this change needs.';
  }
  if (code.includes('unavailable') || code.includes('network') || code.includes('timeout')) {
    return "Check the provider's url (or KEYWARD_URL) and that the key service is running.";
  }
  return null;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'ERROR');
}

/** The wire form (tfplugin6.Diagnostic). */
export function diagnosticToProto(diagnostic: Diagnostic): object {
  return {
    severity: diagnostic.severity,
    summary: diagnostic.summary,
    detail: diagnostic.detail,
    ...(diagnostic.attribute
      ? { attribute: { steps: diagnostic.attribute.map((name) => ({ attribute_name: name })) } }
      : {}),
  };
}
