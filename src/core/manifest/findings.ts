// A problem found in one document before it is placed in the source: pointer, text, and whether it only warns.
// Collected by the semantic checks and turned into ManifestProblems by the loader.
export interface Finding {
  readonly path: string;
  readonly message: string;
  readonly suggestion?: string;
  /** Place the problem at the property name rather than its value. */
  readonly atKey?: boolean;
  readonly severity: 'error' | 'warning';
}

export function error(path: string, message: string, suggestion?: string): Finding {
  return { path, message, severity: 'error', ...(suggestion === undefined ? {} : { suggestion }) };
}

export function warning(path: string, message: string): Finding {
  return { path, message, severity: 'warning' };
}
