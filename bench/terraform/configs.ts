// bench/terraform's Terraform configurations and seeded state. Both sides share one `locals` map of strings so that
// Terraform's own work per instance (for_each evaluation, state handling) is the same; only the resource type differs.
import { randomUUID } from 'node:crypto';
import { createDriver } from '../../src/drivers/registry.js';

export interface BenchShape {
  readonly users: number;
  readonly keysPerUser: number;
}

/**
 * `"svc-000/key-0" => "key-0"`, one entry per key. Terraform evaluates a resource's for_each once per instance, so
 * the map's shape decides much of a plan's cost: at 1,000 keys the floor's own plan takes about twice the CPU time
 * over a map of objects as over this map of strings. Sharing one map keeps that cost the same on both sides.
 */
function keysLocal(shape: BenchShape): string {
  return `locals {
  keys = { for pair in setproduct(range(${shape.users}), range(${shape.keysPerUser})) :
    "svc-\${format("%03d", pair[0])}/key-\${pair[1]}" => "key-\${pair[1]}" }
}
`;
}

/** The keys as `keyward_api_key`: the service user is the map key's first part, the key name the value. */
export function providerConfig(shape: BenchShape, expiresAt: string): string {
  return `provider "keyward" {}

${keysLocal(shape)}
resource "keyward_api_key" "k" {
  for_each     = local.keys
  service_user = split("/", each.key)[0]
  name         = each.value
  expires_at   = "${expiresAt}"
}
`;
}

/** The same addresses as plain `terraform_data`: what Terraform costs with no provider at all. */
export function floorConfig(shape: BenchShape): string {
  return `${keysLocal(shape)}
resource "terraform_data" "k" {
  for_each = local.keys
  input    = each.value
}
`;
}

/**
 * A Terraform state (format 4) holding every seeded key, as `terraform import` would leave it: importing 1,000 keys
 * through terraform first would make the bench mostly about importing. The plan then refreshes each one for real.
 */
export async function providerState(url: string, adminKey: string, expiresAt: string): Promise<object> {
  const observed = await createDriver({ driver: 'keyward', url }, { KEYWARD_API_KEY: adminKey }).observe();
  const users = new Map(observed.users.map((user) => [user.id, user.name]));
  const instances = observed.keys.map((key) => {
    const user = users.get(key.userId) ?? '';
    return {
      index_key: `${user}/${key.name}`,
      schema_version: 0,
      attributes: {
        id: key.id,
        service_user: user,
        name: key.name,
        generation: 1,
        remote_name: key.name,
        user_id: key.userId,
        state: key.state,
        expires_at: expiresAt,
        expires_in: null,
        rotate_before: null,
        created_at: key.createdAt.toISOString(),
        secret_store: null,
      },
    };
  });
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'keyward_api_key',
        name: 'k',
        provider: 'provider["keyward.dev/keyward/keyward"]',
        instances,
      },
    ],
  };
}
