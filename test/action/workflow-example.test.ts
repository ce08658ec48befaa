// action.yml and examples/workflows/keyward.yml agree with the code: every input action.yml declares is one
// parseInputs reads (with the same defaults), and every `with:` of the example names a declared input.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/action/build.js';
import {
  DEFAULT_COMMIT_AUTHOR,
  DEFAULT_MANIFESTS,
  DEFAULT_MAX_OPEN_PRS,
  INPUT_NAMES,
  parseInputs,
} from '../../src/action/inputs.js';

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
}
interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = async <T>(path: string): Promise<T> => parse(await readFile(join(ROOT, path), 'utf8')) as T;

describe('action.yml', () => {
  it('runs dist/index.js on node24 and declares exactly the inputs parseInputs reads, with the same defaults', async () => {
    const action = await load<ActionYml>('action.yml');
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    expect(Object.keys(action.outputs).sort()).toEqual(['changes', 'plan-json', 'pull-requests']);
    expect(action.inputs['manifests']?.default).toBe(DEFAULT_MANIFESTS);
    expect(action.inputs['commit-author']?.default).toBe(DEFAULT_COMMIT_AUTHOR);
    expect(action.inputs['max-open-prs']?.default).toBe(String(DEFAULT_MAX_OPEN_PRS));
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
    const parsed = parseInputs(
      (name) => (name === 'command' ? 'plan' : name === 'github-token' ? 't' : String(defaults[name] ?? '')),
      '/ws',
    );
    expect(parsed).toMatchObject({
      workingDirectory: '/ws',
      allowDestroy: false,
      rotateBeforeMs: null,
      baseBranch: null,
      maxOpenPrs: 10,
    });
  });

  it('refuses bad inputs naming the input', () => {
    const get = (over: Record<string, string>) => (name: string) => over[name] ?? (name === 'command' ? 'plan' : '');
    expect(() => parseInputs(get({ 'allow-destroy': 'yes please' }), '/ws')).toThrow(
      'input allow-destroy: "yes please" is not true or false',
    );
    expect(() => parseInputs(get({ 'rotate-before': 'soon' }), '/ws')).toThrow(
      /input rotate-before: "soon" is not a duration/,
    );
    expect(() => parseInputs(get({ 'max-open-prs': '-1' }), '/ws')).toThrow(
      'input max-open-prs: "-1" is not a whole number',
    );
    expect(() => parseInputs(get({ 'commit-author': 'bot' }), '/ws')).toThrow(
      'input commit-author: "bot" is not "Name <email>"',
    );
    expect(parseInputs(get({ 'rotate-before': '3w', manifests: 'a/*.yaml\n  b/**/*.yml\n' }), '/ws')).toMatchObject({
      rotateBeforeMs: 21 * 86_400_000,
      manifests: ['a/*.yaml', 'b/**/*.yml'],
    });
  });
});

describe('examples/workflows/keyward.yml', () => {
  it('plans on pull requests, applies on pushes to main, rotates on a schedule, using only declared inputs', async () => {
    const action = await load<ActionYml>('action.yml');
    const workflow = await load<Workflow>('examples/workflows/keyward.yml');
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    const commands: Record<string, string> = {};
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const step = job.steps.find((s) => s.uses?.startsWith('keyward/keyward@'));
      expect(step, `job ${name} uses the action`).toBeDefined();
      for (const input of Object.keys(step?.with ?? {}))
        expect(Object.keys(action.inputs), `job ${name} input ${input}`).toContain(input);
      commands[name] = String(step?.with?.['command']);
      parseInputs(
        (input) =>
          String(step?.with?.[input] ?? action.inputs[input]?.default ?? '').replace('${{ github.token }}', 't'),
        '/ws',
      );
    }
    expect(commands).toEqual({ plan: 'plan', apply: 'apply', rotate: 'rotate' });
    expect(workflow.jobs['plan']?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(workflow.jobs['rotate']?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(workflow.jobs['apply']?.if).toContain("github.ref == 'refs/heads/main'");
  });

  it('uses the current major of every action it calls and passes step outputs through env:, never into a shell line', async () => {
    const workflow = await load<Workflow>('examples/workflows/keyward.yml');
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const external = steps.map((s) => s.uses).filter((u): u is string => u !== undefined && !u.startsWith('keyward/'));
    expect(new Set(external)).toEqual(new Set(['actions/checkout@v7']));
    const runs = steps.filter((s) => s.run !== undefined);
    expect(runs.length).toBeGreaterThan(0);
    for (const step of runs) expect(step.run, 'a run: line interpolates nothing').not.toContain('${{');
    expect(runs.flatMap((s) => Object.values(s.env ?? {})).join(' ')).toContain('steps.');
  });

  it('keeps the credentials that create keys and write secrets out of the plan and rotate jobs (least privilege)', async () => {
    const workflow = await load<Workflow>('examples/workflows/keyward.yml');
    expect(workflow.permissions).toEqual({});
    const text = (job: string): string => JSON.stringify(workflow.jobs[job]);
    for (const job of ['plan', 'rotate']) {
      expect(workflow.jobs[job]?.environment, job).toBeUndefined();
      expect(workflow.jobs[job]?.env).toEqual({
        KEYWARD_URL: '${{ vars.KEYWARD_URL }}',
        KEYWARD_API_KEY: '${{ secrets.KEYWARD_READ_API_KEY }}',
        GITHUB_TOKEN: '${{ secrets.KEYWARD_SECRETS_READ_TOKEN }}',
      });
      expect(text(job)).not.toMatch(/secrets\.KEYWARD_API_KEY|secrets\.KEYWARD_SECRETS_TOKEN/);
    }
    expect(workflow.jobs['apply']?.environment).toBe('production');
    expect(workflow.jobs['apply']?.env).toMatchObject({
      KEYWARD_API_KEY: '${{ secrets.KEYWARD_API_KEY }}',
      GITHUB_TOKEN: '${{ secrets.KEYWARD_SECRETS_TOKEN }}',
    });
    expect(workflow.jobs['apply']?.permissions).toEqual({ contents: 'read' });
  });
});
