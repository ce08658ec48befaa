// `node --import tsx --import ./cdktn-alias.mjs app.ts`: the app's `cdktf` imports load cdktn (CDK Terrain) instead,
// exactly as `"cdktf": "npm:cdktn@..."` in a package.json would. Changes nothing else.
import { register } from 'node:module';

register('./cdktn-alias-hooks.mjs', import.meta.url);
