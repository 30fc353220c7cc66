// Running the package in workerd, for the workerd test and the benchmark: free loopback ports,
// the package's modules as workerd names them, and starting and stopping workerd.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** A free port on 127.0.0.1. */
export async function freePort() {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

/** A JSON string is a valid Cap'n Proto text literal. */
export const capnpText = (text) => JSON.stringify(text);

/**
 * Copies the package in `pkgDir` into `dir` and returns its modules for a workerd config:
 * "ayolinx-wasm" is the file the package's `workerd` export condition names, which imports the
 * wasm-bindgen module and the .wasm beside it.
 */
export function packageModules(pkgDir, dir) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const entry = manifest.exports["."].workerd;
  if (!entry) throw new Error("the package has no workerd export condition");
  copyFileSync(join(pkgDir, entry), join(dir, "ayolinx-wasm-entry.js"));
  copyFileSync(join(pkgDir, "ayolinx_wasm.js"), join(dir, "ayolinx_wasm.js"));
  copyFileSync(join(pkgDir, "ayolinx_wasm_bg.wasm"), join(dir, "ayolinx_wasm_bg.wasm"));
  return `(name = "ayolinx-wasm", esModule = embed "ayolinx-wasm-entry.js"),
    (name = "ayolinx_wasm.js", esModule = embed "ayolinx_wasm.js"),
    (name = "ayolinx_wasm_bg.wasm", wasm = embed "ayolinx_wasm_bg.wasm"),`;
}

/** Starts `workerd serve config` and waits (at most 30 s) until `readyUrl` answers. */
export async function startWorkerd(binary, config, readyUrl) {
  const workerd = spawn(binary, ["serve", config], { stdio: ["ignore", "inherit", "inherit"] });
  for (let tries = 0; ; tries++) {
    if (workerd.exitCode !== null) throw new Error(`workerd exited with ${workerd.exitCode}`);
    try {
      await fetch(readyUrl, { method: "GET" });
      return workerd;
    } catch (error) {
      if (tries >= 300) {
        workerd.kill("SIGTERM");
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Stops a workerd started by `startWorkerd`. */
export async function stopWorkerd(workerd) {
  if (workerd && workerd.exitCode === null) {
    workerd.kill("SIGTERM");
    await once(workerd, "exit");
  }
}
