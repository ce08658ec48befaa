// The file store passes the shared secret-store contract suite, with every peek decrypted by the real `age` binary.
import { describeStoreContract } from '../../contract/store-contract.js';
import { makeFileHarness } from './file-harness.js';
import { STORE_STEPS } from '../../../src/stores/step.js';

describeStoreContract('file', () => makeFileHarness(), { steps: STORE_STEPS.file });
