// The shared store contract, run against the github store at each scope, over the OpenAPI-validated GitHub fake.
import { describeStoreContract } from '../../contract/store-contract.js';
import { loadGithubDescription } from '../../support/github-fake/index.js';
import { githubHarness } from './harness.js';
import { STORE_STEPS } from '../../../src/stores/step.js';

const description = await loadGithubDescription();

describeStoreContract('github (repository)', () => githubHarness(description, 'repository'), {
  faults: true,
  retryAfter: true,
  steps: STORE_STEPS.github,
});
describeStoreContract('github (environment)', () => githubHarness(description, 'environment'), {
  faults: true,
  retryAfter: true,
  steps: STORE_STEPS.github,
});
describeStoreContract(
  'github (organization, selected repositories)',
  () => githubHarness(description, 'organization'),
  { faults: true, retryAfter: true, steps: STORE_STEPS.github },
);
