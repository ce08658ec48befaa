// `keyward --help` and each reconciler command's help name every environment variable each driver and store reads,
// taken from the driver and store registries, so a credential variable cannot be left out of the help.
import { describe, expect, it } from 'vitest';
import { DRIVERS, driverVariables } from '../../src/drivers/registry.js';
import { storeVariables } from '../../src/stores/registry.js';
import { runKeyward } from '../support/cli-run.js';

const every = [
  ...[...DRIVERS.keys()].flatMap((d) => driverVariables(d).map((v) => v.name)),
  ...[...storeVariables.values()].flatMap((vars) => vars.map((v) => v.name)),
];

describe('help names the environment', () => {
  it('the registries know the credential variables users set', () => {
    for (const name of [
      'KEYWARD_API_KEY',
      'INFOBLOX_PORTAL_KEY',
      'KEYWARD_AGE_IDENTITY',
      'GITHUB_TOKEN',
      'VAULT_TOKEN',
    ])
      expect(every).toContain(name);
  });

  it.each([[['--help']], [['apply', '--help']], [['plan', '--help']], [['status', '--help']]])(
    'keyward %j lists every driver and store variable, credentials marked',
    async (args) => {
      const help = await runKeyward(args, { cwd: process.cwd(), env: {} });
      expect(help.code).toBe(0);
      for (const name of every) expect(help.stdout).toMatch(new RegExp(`^ {4}${name} `, 'm'));
      expect(help.stdout).toMatch(/^ {4}VAULT_TOKEN +.*\[credential\]$/m);
      expect(help.stdout).toMatch(/^ {4}KEYWARD_URL +base URL$/m);
      expect(help.stdout).toContain('  store exec: no variable of its own');
    },
  );

  it('--help names --no-color', async () => {
    const help = await runKeyward(['--help'], { cwd: process.cwd(), env: {} });
    expect(help.stdout).toContain('--no-color');
  });
});
