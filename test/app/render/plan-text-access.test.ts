// The plan text of role and group actions: + for creates with their fields, ~ for updates with old → new values,
// - for deletes (blocked ones with what would allow them), and the summary counts them.
import { describe, expect, it } from 'vitest';
import { plan } from '../../../src/core/plan/index.js';
import { renderPlanText } from '../../../src/app/render/plan-text.js';
import {
  NO_DESTROY,
  T0,
  desired,
  dgroup,
  drole,
  dscope,
  observedAccess,
  rgroup,
  rrole,
} from '../../core/plan/builders.js';

describe('plan text: roles and groups', () => {
  it('draws creates, updates with old → new values, blocked deletes, and counts them', () => {
    const m = desired(
      dscope([], {
        prune: true,
        roles: [
          drole('User Manage', ['user.manage', 'service_api_key.create']),
          drole('Keys', ['service_api_key.create']),
        ],
        groups: [
          dgroup('deployers', { roles: ['User Manage'], accountAlerts: true }),
          dgroup('alerts', { accountAlerts: true, description: 'hears expiry notices' }),
        ],
      }),
    );
    const o = observedAccess(
      [rrole('All Access', ['*'], true), rrole('User Manage', ['user.manage'])],
      [rgroup('deployers', { roles: ['User Manage'] }), rgroup('stale', { roles: ['User Manage'] })],
    );
    const text = renderPlanText(plan(m, o, T0, NO_DESTROY));
    expect(text.split('\n')).toEqual([
      'Resource actions are indicated with the following symbols:',
      '  + create',
      '  ~ update in place',
      '  - destroy',
      '',
      'keyward will perform the following actions:',
      '',
      '  # 1 role, 1 group: declared; not on the key API',
      '  + create role Keys (payments; permissions: service_api_key.create)',
      '  + create group alerts (payments; roles: (none); account alerts)',
      '',
      '  # differs from the manifest: permissions',
      '  ~ update role User Manage (payments): permissions user.manage → service_api_key.create, user.manage',
      '',
      '  # differs from the manifest: accountAlerts',
      '  ~ update group deployers (payments): accountAlerts false → true',
      '',
      'Blocked (1): destructive actions not allowed without --allow-destroy:',
      '  - delete group stale (id g-stale): destructive: its members lose the roles User Manage; needs --allow-destroy or allowDestroy: true in every manifest on this key API (payments)',
      '',
      'Plan: 2 to add, 2 to change, 0 to destroy, 0 to rotate.',
      '',
    ]);
  });
});
