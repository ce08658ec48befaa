// readContext: the run's repository, pull request number (from the event payload file), run link and temp dir,
// and a clear error outside a workflow run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContext } from '../../src/action/context.js';

describe('readContext', () => {
  it('reads the repository, the pull request number and the run link from GITHUB_* variables', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-context-'));
    try {
      const event = join(dir, 'event.json');
      await writeFile(event, JSON.stringify({ action: 'synchronize', pull_request: { number: 42 } }));
      const env = {
        GITHUB_REPOSITORY: 'acme/payments',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_SERVER_URL: 'https://github.test',
        GITHUB_RUN_ID: '7',
        RUNNER_TEMP: dir,
      };
      expect(readContext(env)).toEqual({
        owner: 'acme',
        repo: 'payments',
        eventName: 'pull_request',
        pullRequest: 42,
        runUrl: 'https://github.test/acme/payments/actions/runs/7',
        tempDir: dir,
      });
      await writeFile(event, JSON.stringify({ schedule: '17 6 * * *' }));
      expect(readContext(env).pullRequest).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run outside a workflow', () => {
    expect(() => readContext({})).toThrow(
      'GITHUB_REPOSITORY is not set to owner/name: run keyward as a step of a GitHub Actions workflow',
    );
  });
});
