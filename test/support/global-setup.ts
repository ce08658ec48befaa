// vitest globalSetup: provisions what the tests run for real, so `npm test` completes on a fresh machine: tools
// (age, chromium, terraform), a Node 24 binary, and a throwaway PostgreSQL unless KEYWARD_TEST_DATABASE_URL is given.
// What truly cannot be had stops the run at once with one line; it never lets suites drop out in silence.
import { checkGivenServer, startTestPostgres, type TestPostgres } from './provision/postgres.js';
import { ensureNode24 } from './provision/node24.js';
import { isProvisionError } from './provision/provision-error.js';
import { ensureTools, systemHost, TOOLS } from './provision/tools.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** One line and out: vitest would otherwise print a stack for a missing tool. */
function stop(err: unknown): never {
  if (!isProvisionError(err)) throw err;
  process.stderr.write(`\nkeyward tests cannot run: ${err.message}\n`);
  process.exit(1);
}

export default async function setup(): Promise<() => Promise<void>> {
  let server: TestPostgres | undefined;
  try {
    const tools = ensureTools(TOOLS, systemHost());
    process.env['KEYWARD_TEST_CHROMIUM'] ||= tools.get('chromium');
    process.env['KEYWARD_TEST_NODE24'] = ensureNode24(process.env, log);
    const given = process.env['KEYWARD_TEST_DATABASE_URL'];
    if (given) {
      await checkGivenServer(given);
    } else {
      server = await startTestPostgres();
      // Test workers are forked after this and inherit it: every PostgreSQL suite registers.
      process.env['KEYWARD_TEST_DATABASE_URL'] = server.url;
      if (process.env['CI']) log(`keyward tests: ${server.description}`);
    }
  } catch (err) {
    await server?.stop();
    stop(err);
  }
  return async () => {
    await server?.stop();
  };
}
