// Running the package in workerd, for the workerd test and the benchmark: free loopback ports,
// the package's modules as workerd names them, and starting and stopping workerd.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname, join } from "node:path";

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
 * "ayolinx-wasm" and "ayolinx-wasm/callbacks" are the files the package's `workerd` export
 * conditions name, each importing the wasm-bindgen module and the .wasm beside it (workerd
 * resolves "./ayolinx_wasm.js" from "ayolinx-wasm/callbacks" to "ayolinx-wasm/ayolinx_wasm.js").
 */
export function packageModules(pkgDir, dir) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const entries = [[".", "ayolinx-wasm", ""], ["./callbacks", "ayolinx-wasm/callbacks", "ayolinx-wasm/"]];
  return entries.map(([path, name, prefix]) => {
    const entry = manifest.exports[path]?.workerd;
    if (!entry) throw new Error(`the package has no workerd export condition for ${path}`);
    const from = join(pkgDir, dirname(entry));
    const copy = (file) => {
      const local = `${name.replace("/", "-")}-${file}`;
      copyFileSync(join(from, file), join(dir, local));
      return local;
    };
    return `(name = "${name}", esModule = embed "${copy(basename(entry))}"),
    (name = "${prefix}ayolinx_wasm.js", esModule = embed "${copy("ayolinx_wasm.js")}"),
    (name = "${prefix}ayolinx_wasm_bg.wasm", wasm = embed "${copy("ayolinx_wasm_bg.wasm")}"),`;
  }).join("\n    ");
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
