// `keyward import --service-user <name>... | --all`: writes manifest entries for existing service users and keys, and
// the custom groups and roles they need (all of them with --all), to stdout.
import { isKeywardError, userError } from '../../kernel/errors.js';
import { nullSink } from '../../kernel/events.js';
import { createDriver } from '../../drivers/index.js';
import { accessFor, importManifest } from '../import-manifest.js';
import type { RegisterCommand } from './index.js';
import { clockFrom } from './shared.js';

interface ImportFlags {
  serviceUser?: string[];
  all?: boolean;
  driver: string;
  url?: string;
  name: string;
}

export const registerImportCommand: RegisterCommand = (program, io) => {
  program
    .command('import')
    .description('print a manifest for service users, keys, custom groups and roles that already exist')
    .option('--service-user <name...>', 'service users to import')
    .option('--all', 'import every service user')
    .option('--driver <name>', 'key-API driver', 'keyward')
    .option('--url <url>', 'key-API base URL (default from the environment)')
    .option('--name <name>', 'metadata.name of the manifest', 'imported')
    .action(async (flags: ImportFlags) => {
      const wanted = flags.serviceUser ?? [];
      if (!flags.all && wanted.length === 0)
        throw userError(
          'cli.usage',
          'name the service users to import with --service-user <name>..., or import them all with --all',
        );
      if (flags.all && wanted.length > 0)
        throw userError('cli.usage', 'give either --service-user <name>... or --all, not both');
      const provider = flags.url !== undefined ? { driver: flags.driver, url: flags.url } : { driver: flags.driver };
      const clock = clockFrom(io.env);
      const driver = (() => {
        try {
          return createDriver(provider, io.env, { sink: nullSink, clock });
        } catch (err) {
          // There is no manifest here: the URL comes from --url, so say so rather than "provider.url in the manifest".
          if (isKeywardError(err) && err.code === 'driver.config')
            throw userError(
              err.code,
              err.message.replace('provider.url in the manifest', '--url').replace('provider.url', '--url'),
            );
          throw err;
        }
      })();
      const remote = await driver.observe();
      const users = flags.all
        ? remote.users.filter((u) => u.type === 'service')
        : remote.users.filter((u) => wanted.includes(u.name));
      const missing = wanted.filter((name) => !remote.users.some((u) => u.name === name));
      if (missing.length > 0) throw userError('import.unknown-user', `no service user named ${missing.join(', ')}`);
      const access = accessFor(remote, users, flags.all === true);
      io.stdout.write(importManifest(flags.name, provider, users, remote.keys, access));
    });
};
