// The exec store (with real shell scripts behind it) passes the shared secret-store contract suite, faults included.
import { describeStoreContract } from '../../contract/store-contract.js';
import { makeExecHarness } from './exec-harness.js';
import { STORE_STEPS } from '../../../src/stores/step.js';

describeStoreContract('exec', () => makeExecHarness(), { faults: true, steps: STORE_STEPS.exec });
