// The "Environment" section of `keyward --help` and of each reconciler command's help, built from the driver and
// store registries (the one place that names each variable), so a new driver or store is listed without editing here.
import { DRIVERS, driverVariables } from '../drivers/registry.js';
import { storeTypes, storeVariables } from '../stores/registry.js';

interface Variable {
  readonly name: string;
  readonly credential: boolean;
  readonly purpose: string;
}

const GENERAL: readonly Variable[] = [
  {
    name: 'KEYWARD_NOW',
    credential: false,
    purpose: 'plan as of another moment (RFC 3339, e.g. 2026-01-31T12:00:00Z)',
  },
  { name: 'NO_COLOR', credential: false, purpose: 'no colour even on a terminal (as --no-color)' },
  { name: 'KEYWARD_DEBUG', credential: false, purpose: 'print stack traces of unexpected failures' },
];

function lines(title: string, variables: readonly Variable[]): string[] {
  if (variables.length === 0) return [`  ${title}: no variable of its own (its command inherits the environment)`];
  return [
    `  ${title}:`,
    ...variables.map((v) => `    ${v.name.padEnd(36)} ${v.purpose}${v.credential ? ' [credential]' : ''}`),
  ];
}

/** Every variable each driver and store reads, and keyward's own, as help text. */
export function environmentHelp(): string {
  const out = ['', 'Environment (credentials come only from here, never from manifests):'];
  for (const driver of [...DRIVERS.keys()].sort()) out.push(...lines(`driver ${driver}`, driverVariables(driver)));
  for (const type of storeTypes()) out.push(...lines(`store ${type}`, storeVariables.get(type) ?? []));
  out.push(...lines('keyward', GENERAL));
  return `${out.join('\n')}\n`;
}
