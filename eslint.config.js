// ESLint flat config: typed typescript-eslint rules over sources, tests and benchmarks, and the import boundaries
// of docs/architecture.md (a layer that imports upwards fails `npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

/** The layers of src/, most specific pattern first (the first match classifies a file). */
const layers = [
  { type: 'kernel', pattern: 'src/kernel/**' },
  { type: 'ports', pattern: 'src/core/ports/**' },
  { type: 'core', pattern: 'src/core/**' },
  { type: 'drivers', pattern: 'src/drivers/**' },
  { type: 'stores', pattern: 'src/stores/**' },
  { type: 'app', pattern: 'src/app/**' },
  { type: 'cli', pattern: 'src/cli/**' },
  { type: 'action', pattern: 'src/action/**' },
  { type: 'terraform', pattern: 'src/terraform/**' },
  { type: 'keyservice', pattern: 'src/keyservice/**' },
  { type: 'portal', pattern: 'src/portal/**' },
].map((layer) => ({ ...layer, partialMatch: false }));

/** Which layers each layer may import (besides itself). */
const allowed = {
  kernel: [],
  ports: ['kernel'],
  core: ['kernel', 'ports'],
  drivers: ['kernel', 'ports'],
  stores: ['kernel', 'ports'],
  app: ['kernel', 'ports', 'core', 'drivers', 'stores'],
  cli: ['kernel', 'ports', 'core', 'drivers', 'stores', 'app', 'keyservice'],
  action: ['kernel', 'ports', 'core', 'drivers', 'stores', 'app'],
  terraform: ['kernel', 'ports', 'core', 'drivers', 'stores', 'app'],
  keyservice: ['kernel'],
  // The portal's browser code shares the kernel's pure modules (time grammar, formats); esbuild bundles them.
  portal: ['kernel'],
};

const policies = Object.entries(allowed).map(([from, to]) => ({
  from: { element: { type: from } },
  allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
}));

export default tseslint.config(
  {
    ignores: [
      'lib/**',
      'dist/**',
      'node_modules/**',
      '.keyward/**',
      'src/terraform/generated/**',
      'src/core/manifest/generated/**',
      'examples/cdktf/.gen/**',
      'examples/cdktf/cdktf.out/**',
      '.scratch/**',
      'tools/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'bin/*.js', 'bench/*/*.mjs', 'test/terraform/cdktf/support/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The portal's browser code (bundled by src/portal/build.ts). An async event handler on a JSX attribute is the
    // normal Preact idiom: the handlers catch their own errors and show them in the page.
    files: ['src/portal/web/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Re-throwing or rejecting with a caught `unknown` passes the original error on; anything else must be an Error.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error'],
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies }],
    },
  },
  {
    files: ['src/cli/**', 'src/action/main.ts', 'src/terraform/main.ts', 'bench/**', 'test/**', 'bin/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests and benchmarks: fakes implement async contracts without awaiting, assertions pass methods to expect(),
    // and fakes of HTTP APIs read untyped JSON bodies; these rules guard production code, not test doubles.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
