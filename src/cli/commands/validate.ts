// `keyward validate <paths...>`: checks manifests offline (schema, references, duplicates) and reports every problem.
import type { RegisterCommand } from './index.js';
import { loadModel } from '../../app/workspace.js';
import { printWarnings } from './shared.js';

export const registerValidateCommand: RegisterCommand = (program, io) => {
  program
    .command('validate')
    .description('check manifests without calling any API')
    .argument('<paths...>', 'manifest files or directories')
    .action(async (paths: string[]) => {
      const { model, warnings } = await loadModel(paths, io);
      await printWarnings(io, warnings);
      const users = model.scopes.reduce((n, s) => n + s.serviceUsers.length, 0);
      const keys = model.scopes.reduce((n, s) => n + s.serviceUsers.reduce((m, u) => m + u.keys.length, 0), 0);
      const roles = model.scopes.reduce((n, s) => n + (s.roles?.length ?? 0), 0);
      const groups = model.scopes.reduce((n, s) => n + (s.groups?.length ?? 0), 0);
      const access = roles + groups > 0 ? `, ${roles} role(s), ${groups} group(s)` : '';
      io.stdout.write(
        `Valid: ${model.scopes.length} manifest(s), ${users} service user(s), ${keys} key(s)${access}.\n`,
      );
    });
};
