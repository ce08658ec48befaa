// The provider's catalogue: every resource, data source and ephemeral resource type it serves, by Terraform type name.
// An explicit map; adding a type means adding it here and nowhere else.
import { apiKeyResource } from '../resources/api-key.js';
import { apiKeysDataSource } from '../resources/data-api-keys.js';
import { apiKeySecretEphemeral, type EphemeralResource } from '../resources/ephemeral-key-secret.js';
import { serviceUserDataSource } from '../resources/data-service-user.js';
import { groupResource } from '../resources/group.js';
import { roleResource } from '../resources/role.js';
import { serviceUserResource } from '../resources/service-user.js';
import type { DataSource, ManagedResource } from '../resources/types.js';

export interface Catalog {
  readonly resources: ReadonlyMap<string, ManagedResource>;
  readonly dataSources: ReadonlyMap<string, DataSource>;
  readonly ephemeralResources: ReadonlyMap<string, EphemeralResource>;
}

export function keywardCatalog(): Catalog {
  return {
    resources: new Map<string, ManagedResource>([
      [serviceUserResource.typeName, serviceUserResource],
      [apiKeyResource.typeName, apiKeyResource],
      [roleResource.typeName, roleResource],
      [groupResource.typeName, groupResource],
    ]),
    dataSources: new Map<string, DataSource>([
      [serviceUserDataSource.typeName, serviceUserDataSource],
      [apiKeysDataSource.typeName, apiKeysDataSource],
    ]),
    ephemeralResources: new Map<string, EphemeralResource>([[apiKeySecretEphemeral.typeName, apiKeySecretEphemeral]]),
  };
}
