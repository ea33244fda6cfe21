import { defineConfig } from 'vitest/config';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

// Tests import workspace libraries from source, so they run without a build.
const libs = readdirSync(resolve(__dirname, 'libs'));
const alias = Object.fromEntries(libs.map((lib) => [`@kronicle/${lib}`, resolve(__dirname, `libs/${lib}/src/index.ts`)]));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['{libs,services,tools}/**/*.spec.ts', 'test/**/*.spec.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration and end-to-end tests share one Postgres and NATS: files run one at a time.
    fileParallelism: false,
  },
});
