import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests that spawn the CLI or build an index over the seeds take a few seconds on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
