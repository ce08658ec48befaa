// "Create service user": name, description and (for administrators) groups; service users never get a password.
// Never sends group_ids unless the caller holds All Access (the API refuses it otherwise).
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import type { Group, User } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { CheckList } from '../components/check-list.js';
import { FormDialog, useSubmission } from '../components/form-dialog.js';
import { isAdmin } from '../session.js';
import { TextField } from '../components/text-field.js';

export function CreateServiceUserDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { api, session } = usePortal();
  const admin = isAdmin(session);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [groups, setGroups] = useState<readonly Group[]>([]);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const submission = useSubmission();
  const { setError } = submission;
  useEffect(() => {
    if (admin)
      api.list<Group>('/v2/groups', { limit: 1000 }).then(setGroups, (err: unknown) => setError(describeError(err)));
  }, [api, admin]);
  const submit = () => {
    if (name.trim() === '') return setError('Enter a name for the service user.');
    void submission.run(async () => {
      const body = {
        name: name.trim(),
        type: 'service',
        description,
        ...(admin && chosen.length > 0 ? { group_ids: chosen } : {}),
      };
      onCreated(await api.create<User>('/v2/users', body));
    });
  };
  return (
    <FormDialog
      title="Create service user"
      submission={submission}
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Save & Close"
    >
      <TextField
        id="su-name"
        label="Name"
        required
        maxLength={256}
        value={name}
        onValue={setName}
        hint={'For example "SCIM delete user".'}
      />
      <div class="field">
        <label for="su-description">Description</label>
        <textarea
          id="su-description"
          rows={2}
          maxLength={1024}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      {admin ? (
        <CheckList
          legend="Groups"
          items={groups.map((g) => ({ value: g.id, label: g.name }))}
          chosen={chosen}
          onChange={setChosen}
          empty="No groups yet."
        />
      ) : (
        <p class="hint">Only administrators can put users into groups.</p>
      )}
    </FormDialog>
  );
}
