// Checks of the project itself that vitest does not make: its own sources type-check (vitest only
// strips types), and every generated file is prettier-formatted, the runtime copy included (it is
// copied, not formatted, so templates/runtime must already be prettier-clean).
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("the project", () => {
  it("its own sources type-check under strict (TypeScript 7)", async () => {
    const tsc = path.join(root, "node_modules/typescript7/bin/tsc");
    const run = promisify(execFile)(
      process.execPath,
      [tsc, "-p", path.join(root, "tsconfig.json"), "--noEmit"],
      { cwd: root },
    );
    await expect(run).resolves.toMatchObject({ stdout: "" });
  });

  it("every generated TypeScript file is prettier-formatted with the project's config", async () => {
    const dir = path.join(root, "generated");
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    const unformatted: string[] = [];
    for (const file of files) {
      const full = path.join(dir, file);
      const options = { ...(await prettier.resolveConfig(full)), filepath: full };
      if (!(await prettier.check(readFileSync(full, "utf8"), options))) unformatted.push(file);
    }
    expect(unformatted).toEqual([]);
  });
});
