// The command registry names each command as its module registers it, so `keyward <name>` loads the right module
// and `keyward --help` lists them all in the registry's order.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { processIo } from '../../../src/cli/io.js';

describe('the command registry', () => {
  it('each entry loads a module that registers exactly the command of its name', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('keyward');
      (await entry.load())(program, processIo(), () => undefined);
      expect(program.commands.map((command) => command.name())).toEqual([entry.name]);
    }
  });

  it('names every command once', () => {
    const names = COMMANDS.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['validate', 'plan', 'apply', 'status', 'import', 'demo', 'serve']);
  });
});
