// Entry point of terraform-provider-keyward: wires the real drivers and stores into runProvider() and exits.
// The only module of the provider that touches process globals; prints nothing but the handshake to stdout.
import { fileURLToPath } from 'node:url';
import { systemClock } from '../kernel/clock.js';
import { crashPoints } from '../kernel/crash-points.js';
import { nullSink } from '../kernel/events.js';
import { DRIVERS, apiKeyVariable, createDriver, driverNames } from '../drivers/registry.js';
import type { ConnectionSettings } from './provider-config.js';
import { runProvider } from './run.js';

function openDriver(settings: ConnectionSettings) {
  // The provider block's api_key reaches the driver as its own key variable (named by the driver registry), in a
  // copy of the environment: process.env itself is never written.
  const keyVariable = apiKeyVariable(settings.driver);
  const env =
    settings.apiKey && keyVariable ? { ...process.env, [keyVariable]: settings.apiKey.reveal() } : process.env;
  const config = settings.url === null ? { driver: settings.driver } : { driver: settings.driver, url: settings.url };
  return createDriver(config, env, { clock: systemClock, retry: { attempts: 3 } });
}

/** Test-only: KEYWARD_TEST_CRASH_AT kills this process at a named delivery or store step (test/e2e). */
function testEvents() {
  try {
    return crashPoints(process.env).wrap(nullSink);
  } catch (err) {
    process.stderr.write(`terraform-provider-keyward: ${err instanceof Error ? err.message : String(err)}\n`);
    return process.exit(1);
  }
}

process.on('SIGINT', () => undefined); // Terraform handles interrupts and asks for Shutdown itself.

const code = await runProvider({
  env: process.env,
  clock: systemClock,
  protoDir: fileURLToPath(new URL('./proto/', import.meta.url)),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  deps: {
    driverNames: DRIVERS.size > 0 ? driverNames() : [],
    createDriver: openDriver,
    // Stores load on first use: their crypto libraries would slow every provider start.
    openStore: async (name, config, context) =>
      (await import('../stores/registry.js')).createStore(name, config, context),
    baseDir: process.cwd(),
    events: testEvents(),
  },
}).catch((err: unknown) => {
  process.stderr.write(`terraform-provider-keyward: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});
process.exit(code);
