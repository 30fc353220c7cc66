// The package in workerd (Cloudflare Workers): the .wasm is imported as a module, which the
// runtime (and wrangler) compiles to a WebAssembly.Module, and instantiated on import.
import wasm from "./ayolinx_wasm_bg.wasm";
import { initSync } from "./ayolinx_wasm.js";

initSync({ module: wasm });

export * from "./ayolinx_wasm.js";
