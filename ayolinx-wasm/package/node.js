// The package in Node (>= 20): the .wasm is read from disk beside this file and instantiated on
// import.
import { readFileSync } from "node:fs";
import { initSync } from "./ayolinx_wasm.js";

initSync({ module: readFileSync(new URL("./ayolinx_wasm_bg.wasm", import.meta.url)) });

export * from "./ayolinx_wasm.js";
