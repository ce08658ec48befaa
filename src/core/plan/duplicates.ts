// Whole-model identity checks the planner relies on: one scope per name; one declaration per service user, role and
// group per key API; one per key name. The manifest loader reports these with more context; this keeps plan() honest.
import type { DesiredModel, SourceLocation } from '../desired.js';
import { userError } from '../../kernel/errors.js';

function at(source: SourceLocation): string {
  return `${source.file}:${source.line}:${source.column} (${source.path})`;
}

export function checkDuplicates(model: DesiredModel): void {
  const scopes = new Map<string, SourceLocation>();
  const users = new Map<string, SourceLocation>();
  const access = new Map<string, SourceLocation>();
  for (const scope of model.scopes) {
    for (const [kind, items] of [
      ['role', scope.roles ?? []],
      ['group', scope.groups ?? []],
    ] as const) {
      for (const item of items) {
        const id = JSON.stringify([scope.provider.driver, scope.provider.url ?? '', kind, item.name]);
        const seen = access.get(id);
        if (seen)
          throw userError(
            `plan.duplicate-${kind}`,
            `${kind} ${item.name} is declared twice for the same key API: ${at(seen)} and ${at(item.source)}`,
          );
        access.set(id, item.source);
      }
    }
    const seenScope = scopes.get(scope.name);
    if (seenScope)
      throw userError(
        'plan.duplicate-scope',
        `manifest ${scope.name} is declared twice: ${at(seenScope)} and ${at(scope.source)}`,
      );
    scopes.set(scope.name, scope.source);
    for (const user of scope.serviceUsers) {
      const id = JSON.stringify([scope.provider.driver, scope.provider.url ?? '', user.name]);
      const seenUser = users.get(id);
      if (seenUser)
        throw userError(
          'plan.duplicate-user',
          `service user ${user.name} is declared twice for the same key API: ${at(seenUser)} and ${at(user.source)}`,
        );
      users.set(id, user.source);
      const keys = new Map<string, SourceLocation>();
      for (const key of user.keys) {
        const seenKey = keys.get(key.name);
        if (seenKey)
          throw userError(
            'plan.duplicate-key',
            `key ${key.name} of ${user.name} is declared twice: ${at(seenKey)} and ${at(key.source)}`,
          );
        keys.set(key.name, key.source);
      }
    }
  }
}
