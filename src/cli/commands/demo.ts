// `keyward demo` (npm run demo): the README's main job end to end on embedded defaults — a key service on PGlite,
// example manifests planned and applied, secrets in an age-encrypted file, a rotation shown. Never prints a secret.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAY_MS } from '../../kernel/clock.js';
import type { CliIo } from '../io.js';
import { EXIT_ERROR, EXIT_OK } from '../io.js';
import type { RegisterCommand } from './index.js';
import { runCli } from '../program.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'demo');

function step(io: CliIo, title: string): void {
  io.stdout.write(`\n==> ${title}\n\n`);
}

async function runDemo(io: CliIo): Promise<number> {
  const started = Date.now();
  // Loaded on use: the demo's setup pulls in the age library, which plan and validate never need.
  const { bumpGeneration, prepareDemoDir } = await import('../demo/setup.js');
  const { initialisedDataDir } = await import('../demo/pglite-template.js');
  const dir = await prepareDemoDir(EXAMPLES, new Date());
  step(io, `Starting the key service on PGlite in ${dir.data}`);
  // PGlite's initdb is most of a cold start: it runs while the key service's modules load, and only once per machine.
  const [{ startKeyService }, { cached }] = await Promise.all([
    // Loaded on use: the key service pulls in PGlite and pg, which other commands never need.
    import('../../keyservice/server.js'),
    initialisedDataDir(dir.data),
  ]);
  const service = await startKeyService({
    port: 0,
    host: '127.0.0.1',
    dataDir: dir.data,
    bootstrapKey: dir.adminKey,
    log: () => undefined,
  });
  try {
    io.stdout.write(
      `key service listening on ${service.url} (admin key passed to keyward by environment only; ` +
        `${cached ? 'data directory copied from the initialised template' : 'PGlite initialised once for later demos'})\n`,
    );
    const env = {
      ...io.env,
      KEYWARD_URL: service.url,
      KEYWARD_API_KEY: dir.adminKey,
      KEYWARD_DEMO_RECIPIENT: dir.recipient,
      KEYWARD_AGE_IDENTITY: dir.identityFile,
      KEYWARD_NOW: '',
    };
    const later = new Date(Date.now() + 8 * DAY_MS).toISOString();
    const cli = (args: string[], extra: Record<string, string> = {}): Promise<number> =>
      runCli(args, { ...io, cwd: dir.root, env: { ...env, ...extra } });
    const expect = async (label: string, code: Promise<number>, ok: readonly number[]): Promise<void> => {
      const got = await code;
      if (!ok.includes(got)) throw new Error(`demo step "${label}" exited with ${got}`);
    };

    step(io, 'Validating examples/demo manifests');
    await expect('validate', cli(['validate', 'manifests']), [0]);
    step(io, 'Planning: nothing exists yet, so every service user and key is created (saved for review as first.plan)');
    await expect('plan', cli(['plan', 'manifests', '--detailed-exitcode', '--out', 'first.plan']), [2]);
    step(io, 'Applying the reviewed plan: keys are created and each secret goes straight into secrets.age');
    await expect('apply', cli(['apply', 'first.plan']), [0]);
    step(io, 'Planning again: the key service and the secrets file match the manifests');
    await expect('plan again', cli(['plan', 'manifests', '--detailed-exitcode']), [0]);
    step(io, 'Status: the key table');
    await expect('status', cli(['status', 'manifests']), [0]);

    const generation = await bumpGeneration(join(dir.manifests, 'payments.yaml'), 'payments-deployer', 'deploy');
    step(
      io,
      `Rotation: manifests/payments.yaml now says payments-deployer/deploy generation ${generation} (what a rotation PR does)`,
    );
    await expect('rotation plan', cli(['plan', 'manifests', '--detailed-exitcode', '--out', 'rotation.plan']), [2]);
    step(
      io,
      'Applying the rotation: the new key is created and delivered; the old one stays enabled during the overlap',
    );
    await expect('rotation apply', cli(['apply', 'rotation.plan']), [0]);
    step(
      io,
      `Eight days later (planning as of ${later}): the overlap has passed and the old key was not used since, so it is retired`,
    );
    await expect('retire apply', cli(['apply', 'manifests', '--auto-approve'], { KEYWARD_NOW: later }), [0]);
    await expect('status after', cli(['status', 'manifests'], { KEYWARD_NOW: later }), [0]);

    step(io, 'Done');
    io.stdout.write(
      [
        `What the demo did: started a key service on PGlite, applied examples/demo (groups, service users and keys),`,
        `rotated payments-deployer/deploy to generation ${generation} and retired generation ${generation - 1}, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        '',
        `  manifests:        ${dir.manifests}`,
        `  secrets (age):    ${join(dir.manifests, 'secrets.age')}`,
        `  age identity:     ${dir.identityFile}`,
        `  key service data: ${dir.data}`,
        '',
        `Read the secrets with the age tool: age -d -i ${dir.identityFile} ${join(dir.manifests, 'secrets.age')}`,
        `Remove everything with: rm -rf ${dir.root}`,
        '',
      ].join('\n'),
    );
    return EXIT_OK;
  } finally {
    await service.close();
  }
}

export const registerDemoCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('demo')
    .description('run the main job end to end on embedded defaults (key service on PGlite, secrets in an age file)')
    .action(async () => {
      setExitCode(
        await runDemo(io).catch((err: unknown) => {
          io.stderr.write(`Error: demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
          if (io.env.KEYWARD_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
          return EXIT_ERROR;
        }),
      );
    });
};
