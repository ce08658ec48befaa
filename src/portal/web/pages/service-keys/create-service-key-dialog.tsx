// "Create Service API Key" (seed 002): name, a searchable service-user list (at most 10 keys each, explained when
// reached), expires at; then the copy-once dialog. Never keeps the returned secret beyond that dialog.
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api/errors.js';
import { allOf, containsPattern, quote } from '../../api/query.js';
import type { CreatedApiKey, User } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { FormDialog, useSubmission } from '../../components/form-dialog.js';
import { ExpiresAtField } from '../../components/expires-at-field.js';
import { defaultExpiry, expiryProblem } from '../../expiry.js';
import { fromLocalInput } from '../../format.js';
import type { CreatedKey } from '../create-my-key-dialog.js';

/** Seed 001: "A service account user can be associated with up to 10 service API keys." */
const SERVICE_KEY_LIMIT = 10;

export function CreateServiceKeyDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (key: CreatedKey) => void;
}) {
  const { api, now } = usePortal();
  const [name, setName] = useState('');
  const [search, setSearch] = useState('');
  const [users, setUsers] = useState<readonly User[]>([]);
  const [userId, setUserId] = useState('');
  const [count, setCount] = useState<number | null>(null);
  const [expires, setExpires] = useState(() => defaultExpiry(now()));
  const [tried, setTried] = useState(false);
  const submission = useSubmission();
  const { setError } = submission;
  useEffect(() => {
    const text = search.trim().slice(0, 60);
    const filter = allOf(["type == 'service'", text === '' ? '' : `name ~ ${quote(containsPattern(text))}`]);
    api.list<User>('/v2/users', { filter, limit: 50 }).then(setUsers, (err: unknown) => setError(describeError(err)));
  }, [api, search]);
  useEffect(() => {
    setCount(null);
    if (userId === '') return;
    api
      .list<{ id: string }>('/v2/api_keys', {
        filter: `user_id == ${quote(userId)} and type == 'service'`,
        limit: SERVICE_KEY_LIMIT + 1,
      })
      .then(
        (keys) => setCount(keys.length),
        () => setCount(null),
      );
  }, [api, userId]);
  const full = count !== null && count >= SERVICE_KEY_LIMIT;
  const chosen = users.find((u) => u.id === userId);
  const expiryError = tried ? expiryProblem(expires, now()) : null;
  const submit = () => {
    setTried(true);
    const at = fromLocalInput(expires);
    if (name.trim() === '' || userId === '' || full || at === null || expiryProblem(expires, now()) !== null) return;
    void submission.run(async () => {
      const created = await api.create<CreatedApiKey>('/v2/api_keys', {
        name: name.trim(),
        user_id: userId,
        expires_at: new Date(at).toISOString(),
      });
      onCreated({ name: created.name, secret: created.key });
    });
  };
  return (
    <FormDialog
      title="Create Service API Key"
      submission={submission}
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Save & Close"
      submitDisabled={full}
      wide
    >
      <div class="field">
        <label for="service-key-name">Name</label>
        <input
          id="service-key-name"
          required
          maxLength={256}
          value={name}
          aria-invalid={tried && name.trim() === ''}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        {tried && name.trim() === '' && (
          <span class="field-error" role="alert">
            Enter a name that says what the key is for.
          </span>
        )}
      </div>
      <div class="field">
        <label for="service-user-search">Find a service user</label>
        <input
          id="service-user-search"
          type="search"
          value={search}
          placeholder="Type part of a name"
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
        <label for="service-user">Service user</label>
        <select
          id="service-user"
          size={Math.min(6, Math.max(2, users.length))}
          value={userId}
          aria-describedby="service-user-hint"
          onChange={(e) => setUserId(e.currentTarget.value)}
        >
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
              {u.description ? ` — ${u.description}` : ''}
            </option>
          ))}
        </select>
        <span class="hint" id="service-user-hint">
          {users.length === 0
            ? 'No service user matches. Create one on the Service users page first.'
            : 'Each service user can hold up to 10 service API keys.'}
        </span>
        {tried && userId === '' && (
          <span class="field-error" role="alert">
            Choose the service user the key belongs to.
          </span>
        )}
        {chosen !== undefined && count !== null && (
          <span class={full ? 'field-error' : 'hint'} role={full ? 'alert' : 'status'}>
            {full
              ? `${chosen.name} already holds ${SERVICE_KEY_LIMIT} service API keys, the most a service user can ` +
                'have. Delete one of its keys first, or choose another service user.'
              : `${chosen.name} holds ${count} of at most ${SERVICE_KEY_LIMIT} service API keys.`}
          </span>
        )}
      </div>
      <ExpiresAtField value={expires} onInput={setExpires} now={now()} error={expiryError} />
    </FormDialog>
  );
}
