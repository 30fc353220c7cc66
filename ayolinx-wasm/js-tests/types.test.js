// The TypeScript declarations of pkg/ type-check the API as the README uses it (tsc --strict).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const here = fileURLToPath(new URL(".", import.meta.url));

test("tsc --strict accepts the API's uses and refuses its misuses", () => {
  const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--target", "esnext",
    "--module", "nodenext", "--moduleResolution", "nodenext", "--lib", "esnext,dom",
    join(here, "types.check.ts")], { encoding: "utf8" });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});
