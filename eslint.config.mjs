import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.kronicle/**', '.nx/**', '**/*.mjs', '**/*.mts'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@nx': nx, '@typescript-eslint': tseslint.plugin },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // A service never imports another service; each stands on shared libraries only.
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:relay', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:scheduler', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:node-agent', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:node-lifecycle', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:deployment', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:garbage-collector', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:network', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:storage', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:job', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:cronjob', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:daemonset', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:statefulset', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Layers inside the shared libraries: contracts at the bottom, pure domain apart from I/O.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', 'type:util', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:data-access', 'type:util', 'type:testing'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', 'type:util', 'type:testing'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', 'type:util', 'type:testing'] },
          ],
        },
      ],
    },
  },
];
