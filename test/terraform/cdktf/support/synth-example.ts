// Synthesizes examples/cdktf with whatever `cdktf` resolves to (run under cdktn-alias.mjs for CDK Terrain).
// Usage: synth-example.ts '<ExampleAppOptions as JSON>'; prints where `cdktf` resolved from.
import { buildExampleApp, type ExampleAppOptions } from '../../../../examples/cdktf/main.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ExampleAppOptions;
const app = await buildExampleApp(options);
app.synth();
process.stdout.write(`${JSON.stringify({ cdktf: import.meta.resolve('cdktf') })}\n`);
