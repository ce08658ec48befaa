// Users, groups and roles for administrators (seeds 001, 002): interactive users with set-password links, groups
// subscribed to account alerts, custom roles. Never shown without All Access (the shell checks, the API too).
import { useState } from 'preact/hooks';
import { GroupsSection } from './groups-section.js';
import { RolesSection } from './roles-section.js';
import { UsersSection } from './users-section.js';

export function AccessPage() {
  // Bumped when roles or groups change, so the other sections re-read their choices.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  return (
    <div class="stack">
      <h1>Users, groups and roles</h1>
      <UsersSection version={version} />
      <GroupsSection version={version} onChanged={changed} />
      <RolesSection onChanged={changed} />
    </div>
  );
}
