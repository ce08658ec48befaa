// GET and HEAD /healthz: answers 200 only while storage answers a trivial query in time, else 503 naming storage.
// Never authenticates and never queries more than once at a time however many probes arrive.
import type { Database } from '../storage/database.js';

export type Health = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** A probe of `db` that fails after `timeoutMs`; concurrent callers share one query in flight. */
export function healthCheck(db: Database, timeoutMs = 2000): () => Promise<Health> {
  const name = db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  let inFlight: Promise<Health> | undefined;
  const probe = async (): Promise<Health> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Health>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, message: `storage (${name}) does not answer within ${timeoutMs} ms` }),
        timeoutMs,
      );
    });
    const asked = db.query('SELECT 1 AS ok').then(
      (): Health => ({ ok: true }),
      (): Health => ({ ok: false, message: `storage (${name}) is not answering` }),
    );
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return () => (inFlight ??= probe().finally(() => (inFlight = undefined)));
}
