// Object ids on the wire: prefixed in responses (`identity/users/<uuid>`), bare or prefixed in requests.
// Never passes an unchecked id to storage: a malformed id is a 400 naming where it came from, never echoing it.
import { userError } from '../../kernel/errors.js';

export type IdKind = 'users' | 'groups' | 'roles' | 'apikeys';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX32 = /^[0-9a-f]{32}$/;

export function prefixedId(kind: IdKind, id: string): string {
  return `identity/${kind}/${id}`;
}

/** The bare id from a bare or prefixed one, or undefined when it is not a well-formed id of that kind. */
function bareId(kind: IdKind, text: string): string | undefined {
  const prefix = `identity/${kind}/`;
  const bare = (text.startsWith(prefix) ? text.slice(prefix.length) : text).toLowerCase();
  return (kind === 'apikeys' ? HEX32 : UUID).test(bare) ? bare : undefined;
}

/** Like bareId but a 400 naming `where` (a path segment or body field) when malformed. */
export function parseId(kind: IdKind, text: string, where: string): string {
  const id = bareId(kind, text);
  if (id === undefined) {
    // Never echoed: a key pasted where its id belongs would come back (the id is its first 32 characters).
    const expected = kind === 'apikeys' ? '32 lowercase hex characters' : 'a UUID';
    const what = `${kind.replace(/s$/, '')} id`;
    throw userError(
      'bad_request',
      `${where}: the value is not a valid ${what} (expected ${expected}, bare or prefixed identity/${kind}/)`,
    );
  }
  return id;
}

/** Strips the prefix for filter comparisons, leaving anything else untouched. */
export function stripPrefix(kind: IdKind): (value: string) => string {
  return (value) => bareId(kind, value) ?? value;
}
