// The TypeScript declarations of the installed package type-check the API as the README uses it
// (tsc --strict), with a request and response type per operation.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

import { here, toolsDir } from "./support.js";

test("tsc --strict accepts the API's uses and refuses its misuses", () => {
  const tsc = join(toolsDir, "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--target", "esnext",
    "--module", "nodenext", "--moduleResolution", "nodenext", "--lib", "esnext,dom",
    join(here, "types.check.ts")], { encoding: "utf8", cwd: here });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});
