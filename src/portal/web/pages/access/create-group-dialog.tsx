// "Create group": name, description, roles, and whether members get account alerts (service key expiry notices).
// Never sends anything but those fields; the API decides (All Access needed) and its refusal is shown as a sentence.
import { useState } from 'preact/hooks';
import type { Role } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { CheckList } from '../../components/check-list.js';
import { FormDialog, useSubmission } from '../../components/form-dialog.js';
import { TextField } from '../../components/text-field.js';

export function CreateGroupDialog({
  roles,
  onClose,
  onCreated,
}: {
  roles: readonly Role[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const { api } = usePortal();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [alerts, setAlerts] = useState(false);
  const submission = useSubmission();
  const submit = () => {
    if (name.trim() === '') return submission.setError('Enter a name for the group.');
    void submission.run(async () => {
      await api.create('/v2/groups', { name: name.trim(), description, roles: chosen, account_alerts: alerts });
      onCreated();
    });
  };
  return (
    <FormDialog title="Create group" submission={submission} onClose={onClose} onSubmit={submit} submitLabel="Create">
      <TextField id="group-name" label="Name" required maxLength={256} value={name} onValue={setName} />
      <TextField
        id="group-description"
        label="Description"
        maxLength={1024}
        value={description}
        onValue={setDescription}
      />
      <CheckList
        legend="Roles"
        items={roles.map((r) => ({ value: r.id, label: r.name }))}
        chosen={chosen}
        onChange={setChosen}
      />
      <label class="check">
        <input type="checkbox" checked={alerts} onChange={(e) => setAlerts(e.currentTarget.checked)} />
        Subscribe to account alerts (service API key expiry notices)
      </label>
    </FormDialog>
  );
}
