import { defineConfig } from "vitest/config";

// In CI a JSON report is written next to the normal output so .ci/run can print
// the plain "N passed, N failed" line.
const reporters: any[] = ["default"];
if (process.env.CI) reporters.push(["json", { outputFile: ".ci/test-results.json" }]);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters,
  },
});
