// The storage seam of the key service: one small interface over PGlite and PostgreSQL.
// It never interprets rows or rules; callers pass SQL with $n parameters, never interpolated values.

/** Anything SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  /** `pglite` (embedded, one connection) or `postgres` (a pool). */
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}
