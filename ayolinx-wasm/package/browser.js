// The package in browsers, Deno and bundlers: the .wasm is fetched from beside this file and
// instantiated on import (top-level await).
import init from "./ayolinx_wasm.js";

await init({ module_or_path: new URL("./ayolinx_wasm_bg.wasm", import.meta.url) });

export * from "./ayolinx_wasm.js";
