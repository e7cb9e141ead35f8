import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

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
  {
    // DESIGN.md: the domain knows nothing of HTTP, auth or any dialect.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/dialects/**', '**/auth/**', '**/admin/**'],
              message: 'domain/ must not depend on dialects, auth or admin',
            },
            {
              group: ['express', '@nestjs/platform-express', 'supertest'],
              message: 'domain/ knows nothing of HTTP',
            },
          ],
          paths: [
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
        },
      ],
    },
  },
);
