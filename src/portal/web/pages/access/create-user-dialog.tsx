// "Create user" for an interactive user: name, e-mail and groups. A set-password link follows on success.
// Never sets a password for the person; they choose it through their one-time link.
import { useState } from 'preact/hooks';
import type { Group, User } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { CheckList } from '../../components/check-list.js';
import { FormDialog, useSubmission } from '../../components/form-dialog.js';
import { TextField } from '../../components/text-field.js';

export function CreateUserDialog({
  groups,
  onClose,
  onCreated,
}: {
  groups: readonly Group[];
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { api } = usePortal();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const submission = useSubmission();
  const submit = () => {
    if (name.trim() === '') return submission.setError('Enter the user name.');
    void submission.run(async () => {
      const body = {
        name: name.trim(),
        type: 'interactive',
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(chosen.length ? { group_ids: chosen } : {}),
      };
      onCreated(await api.create<User>('/v2/users', body));
    });
  };
  return (
    <FormDialog title="Create user" submission={submission} onClose={onClose} onSubmit={submit} submitLabel="Create">
      <TextField
        id="user-name"
        label="User name"
        required
        maxLength={256}
        autoComplete="off"
        value={name}
        onValue={setName}
      />
      <TextField
        id="user-email"
        label="E-mail"
        type="email"
        maxLength={256}
        autoComplete="off"
        value={email}
        onValue={setEmail}
        hint="Used for single sign-on, expiry notices and the set-password link when e-mail is configured."
      />
      <CheckList
        legend="Groups"
        items={groups.map((g) => ({ value: g.id, label: g.name }))}
        chosen={chosen}
        onChange={setChosen}
      />
    </FormDialog>
  );
}
