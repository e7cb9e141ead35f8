import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const DIALECTS = ['usos', 'publisher', 'jive', 'civis', 'scim'];

/** An import of any of these top-level src/ folders, by relative path from anywhere below src/. */
const ABOVE = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/** One no-restricted-imports rule per layer (flat config: a later rule for a file replaces an earlier one). */
function layer(files, patterns, paths = []) {
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns, paths }] } }];
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/.data/', 'bench/results/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Layering (docs/architecture.md): each layer imports only the layers below it.
  ...layer('src/persistence/**/*.ts', [
    {
      regex: ABOVE(['domain', 'auth', 'dialects', 'admin', 'web', 'console']),
      message:
        'persistence/ imports nothing above it (domain, auth, dialects, admin, web, console)',
    },
  ]),
  ...layer('src/common/**/*.ts', [
    { regex: ABOVE(['dialects']), message: 'common/ is shared by dialects and imports none' },
  ]),
  ...layer(
    'src/domain/**/*.ts',
    [
      {
        regex: ABOVE(['dialects', 'auth', 'admin', 'web', 'console']),
        message: 'domain/ must not depend on dialects, auth, admin, web or console',
      },
      {
        group: ['express', '@nestjs/platform-express', '@nestjs/swagger', 'supertest'],
        message: 'domain/ knows nothing of HTTP',
      },
    ],
    [
      {
        name: '@nestjs/common',
        importNames: [
          'Controller',
          'Get',
          'Post',
          'Put',
          'Patch',
          'Delete',
          'Req',
          'Res',
          'Body',
          'Query',
          'Param',
          'HttpException',
          'HttpStatus',
        ],
        message: 'domain/ knows nothing of HTTP',
      },
    ],
  ),
  ...DIALECTS.flatMap((dialect) =>
    layer(`src/dialects/${dialect}/**/*.ts`, [
      {
        regex: `(^|/)(dialects/|\\.\\./)(${DIALECTS.filter((d) => d !== dialect).join('|')})(/|$)`,
        message: 'a dialect imports no other dialect: share through common/ or domain/',
      },
    ]),
  ),
);
