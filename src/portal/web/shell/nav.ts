// The portal's sections and who may see them (docs/api.md "Permissions"); the pages check again, and so does the API.
// Never offers a section whose calls would all be refused for the signed-in person.
import { PERMISSIONS } from '../api/types.js';
import { PATHS } from '../router.js';
import { can, isAdmin, type Session } from '../session.js';

export interface Section {
  readonly path: string;
  readonly label: string;
  readonly allowed: (session: Session) => boolean;
}

export const SECTIONS: readonly Section[] = [
  { path: PATHS.myKeys, label: 'My API keys', allowed: () => true },
  { path: PATHS.serviceKeys, label: 'Service API keys', allowed: (s) => can(s, PERMISSIONS.serviceKeysCreate) },
  {
    path: PATHS.serviceUsers,
    label: 'Service users',
    allowed: (s) => can(s, PERMISSIONS.userManage) || can(s, PERMISSIONS.serviceKeysCreate),
  },
  { path: PATHS.access, label: 'Users, groups and roles', allowed: isAdmin },
  { path: PATHS.apiAccess, label: 'API access', allowed: isAdmin },
  { path: PATHS.audit, label: 'Audit log', allowed: isAdmin },
];
