// The github store's factory, as the registry calls it: manifest config → scope, environment → credentials.
// Credentials are read on the first call that needs them, never from the manifest.
import { systemClock } from '../../kernel/clock.js';
import { realSleep } from '../../kernel/retry.js';
import type { StoreFactory } from '../../core/ports/secret-store.js';
import { createGithubClient, credentialKind } from './client.js';
import { parseGithubConfig } from './config.js';
import { GithubStore } from './github-store.js';

export const createGithubStore: StoreFactory = (name, config, context) =>
  new GithubStore(name, parseGithubConfig(name, config), {
    client: () => createGithubClient(context.env),
    credential: credentialKind(context.env),
    clock: context.clock ?? systemClock,
    sleep: context.sleep ?? realSleep,
    ...(context.events ? { events: context.events } : {}),
  });
