// The version `keyward --version` prints: read from the package's own package.json (two levels above src/cli or
// lib/cli).
// Never guesses: a package.json that cannot be read gives "unknown" rather than a failure of every command.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
