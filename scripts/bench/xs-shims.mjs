// Node globals the peers use, for their XS bundle (esbuild "inject" swaps these in for the
// free identifiers). Buffer is the npm "buffer" package, which is what browsers bundles use;
// console does nothing (p1-reader reports unknown lines on console.error, and XS has none).

export { Buffer } from "buffer";

const quiet = () => {};
export const console = { log: quiet, warn: quiet, error: quiet, info: quiet, debug: quiet };
