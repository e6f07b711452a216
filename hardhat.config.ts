import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";
import { createRequire } from "node:module";

// Compile offline with the solc-js build shipped in the npm `solc` package: Hardhat's own compiler download needs a
// host this project's machines cannot reach (see ../shared/ENVIRONMENT.md).
const require = createRequire(import.meta.url);
const SOLC_PATH = require.resolve("solc/soljson.js");
const SOLC_VERSION: string = require("solc/package.json").version;

// CI runs the fuzz and invariant tests deeper than a developer's quick loop.
const deep = process.env.CI === "true";

export default defineConfig({
  plugins: [hardhatToolboxViemPlugin],
  solidity: {
    version: SOLC_VERSION,
    path: SOLC_PATH,
    settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun" },
  },
  paths: { tests: { nodejs: "test/contracts", solidity: "test/contracts" } },
  test: {
    solidity: {
      fuzz: { runs: deep ? 1024 : 256 },
      invariant: { runs: deep ? 128 : 32, depth: deep ? 100 : 50, failOnRevert: false },
    },
  },
});
