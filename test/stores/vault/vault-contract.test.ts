// The shared store contract, run against the vault store over the KV v2 fake (with and without a namespace).
import { describeStoreContract } from '../../contract/store-contract.js';
import { vaultHarness } from './harness.js';
import { STORE_STEPS } from '../../../src/stores/step.js';

describeStoreContract('vault (KV v2)', () => vaultHarness(), {
  faults: true,
  retryAfter: true,
  steps: STORE_STEPS.vault,
});
describeStoreContract(
  'vault (KV v2 in a namespace)',
  () => vaultHarness({ env: { VAULT_TOKEN: 'root-token', VAULT_NAMESPACE: 'team-a' }, fake: { namespace: 'team-a' } }),
  { faults: true, retryAfter: true, steps: STORE_STEPS.vault },
);
