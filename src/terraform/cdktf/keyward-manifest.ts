// KeywardManifest: a CDKTF construct that declares the roles, groups, service users and keys of keyward YAML
// manifests, so one manifest drives the CLI, the Action and CDKTF stacks alike. Never puts a credential in the
// synthesized config.
import { Construct } from 'constructs';
import type { DesiredModel } from '../../core/desired.js';
import { userError } from '../../kernel/errors.js';
import { formatProblems, loadManifests } from '../../core/manifest/index.js';
import { apiKey, group, provider, role, serviceUser } from '../generated/keyward/index.js';
import { scopeArgs, type ScopeArgs } from './manifest-resources.js';

export interface KeywardManifestProps {
  /** The desired model, as loadManifests returns it. */
  readonly model: DesiredModel;
  /** The directory loadManifests resolved files against (file stores' paths are relative to their manifest). */
  readonly cwd: string;
  /**
   * The keyward provider to attach every resource to. Without it the construct declares one provider per
   * manifest (alias = metadata.name when there are several) from the manifest's `provider` section; the API
   * key always comes from the environment (KEYWARD_API_KEY / INFOBLOX_PORTAL_KEY) where terraform runs.
   */
  readonly provider?: provider.KeywardProvider;
}

export interface LoadKeywardManifestProps {
  /** Manifest files or directories, as for `keyward plan`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /** What `${VAR}` references in manifests read; pass process.env at the edge. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly provider?: provider.KeywardProvider;
}

/** Construct ids may not hold '/'; names are unique per kind, so the rest stays as written. */
function idOf(kind: string, name: string): string {
  return `${kind}-${name.replaceAll('/', '_')}`;
}

/**
 * A name list where each declared name becomes a reference to its resource's `name`: Terraform then orders the
 * referenced role or group first, and renames flow through. Names nobody declares (built-in roles, groups made
 * elsewhere) stay as written.
 */
function referenced(names: readonly string[], declared: ReadonlyMap<string, { readonly name: string }>): string[] {
  return names.map((name) => declared.get(name)?.name ?? name);
}

export class KeywardManifest extends Construct {
  /** Declared custom roles by name. */
  readonly roles: ReadonlyMap<string, role.Role>;
  /** Declared groups by name. */
  readonly groups: ReadonlyMap<string, group.Group>;
  /** Declared service users by name. */
  readonly serviceUsers: ReadonlyMap<string, serviceUser.ServiceUser>;
  /** Declared keys by `<service user>/<key name>`. */
  readonly apiKeys: ReadonlyMap<string, apiKey.ApiKey>;

  /** Loads manifests with keyward's own loader and declares them; manifest problems throw one error listing all. */
  static async load(scope: Construct, id: string, props: LoadKeywardManifestProps): Promise<KeywardManifest> {
    const loaded = await loadManifests(props.paths, { cwd: props.cwd, env: props.env });
    if (!loaded.ok)
      throw userError('manifest.invalid', `keyward manifests have problems:\n${formatProblems(loaded.problems)}`);
    return new KeywardManifest(scope, id, {
      model: loaded.model,
      cwd: props.cwd,
      ...(props.provider && { provider: props.provider }),
    });
  }

  constructor(scope: Construct, id: string, props: KeywardManifestProps) {
    super(scope, id);
    const roles = new Map<string, role.Role>();
    const groups = new Map<string, group.Group>();
    const users = new Map<string, serviceUser.ServiceUser>();
    const keys = new Map<string, apiKey.ApiKey>();
    const scopes = props.model.scopes.map((s) => scopeArgs(s, props.cwd));
    const owners = scopes.map((args) => {
      const owner = scopes.length > 1 ? new Construct(this, idOf('manifest', args.name)) : this;
      return { args, owner, tfProvider: props.provider ?? this.providerFor(owner, args, scopes.length > 1) };
    });
    // Roles, then groups, then users: a manifest may name a role or group that another manifest declares.
    for (const { args, owner, tfProvider } of owners) {
      for (const declared of args.roles) {
        roles.set(
          declared.name,
          new role.Role(owner, idOf('role', declared.name), { provider: tfProvider, ...declared }),
        );
      }
    }
    for (const { args, owner, tfProvider } of owners) {
      for (const declared of args.groups) {
        const resource = new group.Group(owner, idOf('group', declared.name), {
          provider: tfProvider,
          name: declared.name,
          ...(declared.description !== '' && { description: declared.description }),
          ...(declared.roles.length > 0 && { roles: referenced(declared.roles, roles) }),
          ...(declared.accountAlerts && { accountAlerts: true }),
        });
        groups.set(declared.name, resource);
      }
    }
    for (const { args, owner, tfProvider } of owners) {
      for (const user of args.serviceUsers) {
        const userResource = new serviceUser.ServiceUser(owner, idOf('user', user.name), {
          provider: tfProvider,
          name: user.name,
          ...(user.description !== '' && { description: user.description }),
          ...(user.groups.length > 0 && { groups: referenced(user.groups, groups) }),
        });
        users.set(user.name, userResource);
        for (const key of user.keys) {
          const keyResource = new apiKey.ApiKey(owner, idOf('key', `${user.name}-${key.name}`), {
            provider: tfProvider,
            // The reference orders the key after its user in terraform's graph.
            serviceUser: userResource.name,
            name: key.name,
            generation: key.generation,
            state: key.state,
            ...(key.expiresIn !== undefined && { expiresIn: key.expiresIn }),
            ...(key.expiresAt !== undefined && { expiresAt: key.expiresAt }),
            rotateBefore: key.rotateBefore,
            ...(key.secretStore !== undefined && { secretStore: key.secretStore }),
            // A rotation (generation bump) creates and delivers the new key before the old one is deleted.
            lifecycle: { createBeforeDestroy: true },
          });
          keys.set(`${user.name}/${key.name}`, keyResource);
        }
      }
    }
    this.roles = roles;
    this.groups = groups;
    this.serviceUsers = users;
    this.apiKeys = keys;
  }

  private providerFor(owner: Construct, args: ScopeArgs, aliased: boolean): provider.KeywardProvider {
    return new provider.KeywardProvider(owner, 'keyward', {
      ...(aliased && { alias: args.name }),
      ...(args.driver !== 'keyward' && { driver: args.driver }),
      ...(args.url !== undefined && { url: args.url }),
    });
  }
}
