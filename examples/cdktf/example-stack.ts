// The example CDKTF stack: a service user and two keys with rotation settings, secrets delivered to an age file.
// Declares into any construct scope (a cdktf or a cdktn stack); never puts a credential into the config.
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { apiKey, provider, serviceUser } from '../../src/terraform/generated/keyward/index.js';

export interface KeywardExampleOptions {
  /** Key service URL; omit to let the provider read KEYWARD_URL where terraform runs. */
  readonly url?: string;
  /** age X25519 recipients (age1...) of the secrets file. */
  readonly recipients: readonly string[];
  /** The age file the keys' secrets go to (relative paths are relative to where terraform runs). */
  readonly secretsFile: string;
}

/** Declares the provider, the service user, its two keys and their (non-secret) IDs as outputs. */
function declareKeywardExample(scope: Construct, options: KeywardExampleOptions): void {
  // No api_key here: the provider reads KEYWARD_API_KEY, so the synthesized JSON holds no credential.
  new provider.KeywardProvider(scope, 'keyward', options.url === undefined ? {} : { url: options.url });
  const store = (name: string): apiKey.ApiKeySecretStore => ({
    type: 'file',
    path: options.secretsFile,
    recipients: [...options.recipients],
    name,
  });
  const deployer = new serviceUser.ServiceUser(scope, 'deployer', {
    name: 'payments-deployer',
    description: 'deploys payments',
  });
  // Rotated by bumping generation (what keyward's rotation pull requests do to manifests).
  const deploy = new apiKey.ApiKey(scope, 'deploy', {
    serviceUser: deployer.name,
    name: 'deploy',
    generation: 1,
    expiresIn: '90d',
    rotateBefore: '14d',
    secretStore: store('PAYMENTS_DEPLOY_KEY'),
    lifecycle: { createBeforeDestroy: true },
  });
  // No generation: the provider plans the next generation itself once expiry is within rotate_before.
  const batch = new apiKey.ApiKey(scope, 'batch', {
    serviceUser: deployer.name,
    name: 'batch',
    expiresIn: '30d',
    rotateBefore: '7d',
    secretStore: store('PAYMENTS_BATCH_KEY'),
    lifecycle: { createBeforeDestroy: true },
  });
  new TerraformOutput(scope, 'deploy_key_id', { value: deploy.id });
  new TerraformOutput(scope, 'batch_key_id', { value: batch.id });
}

/** The example as a cdktf stack. */
export class KeywardExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string, options: KeywardExampleOptions) {
    super(scope, id);
    declareKeywardExample(this, options);
  }
}
