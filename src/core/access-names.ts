// The built-in roles and groups every key service of the CSP dialect has: manifests reference them, never declare them.
// Names only; whether a remote role is built in is what the key API says (RemoteRole.builtIn).
export const BUILT_IN_ROLES: ReadonlySet<string> = new Set(['All Access']);
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set(['Administrators']);
