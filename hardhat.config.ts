import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";
import { createRequire } from "node:module";

// Compile offline with the solc-js build shipped in the npm `solc` package: Hardhat's own compiler download needs a
// host this project's machines cannot reach (see ../shared/ENVIRONMENT.md).
const require = createRequire(import.meta.url);
const SOLC_PATH = require.resolve("solc/soljson.js");
const SOLC_VERSION: string = require("solc/package.json").version;

// Fuzz and invariant depth, by profile: a developer's quick loop (default), CI's deeper run (CI=true, what `npm test`
// runs in CI), and a deep run to do before resolving work on the contracts (FUZZ=deep, `npm run test:deep`). The
// invariant suites' time grows with runs × depth; `npm run mutate` shows the local depth already kills every seeded bug.
const profiles = {
  local: { fuzzRuns: 256, invariantRuns: 32, depth: 50 },
  ci: { fuzzRuns: 512, invariantRuns: 64, depth: 50 },
  deep: { fuzzRuns: 10_000, invariantRuns: 512, depth: 200 },
};
const profile = profiles[process.env.FUZZ === "deep" ? "deep" : process.env.CI === "true" ? "ci" : "local"];
// `npm run mutate` only needs to know that a suite fails, not the shortest sequence that makes it fail.
const shrinkRunLimit = process.env.FUZZ_NO_SHRINK === "1" ? 0 : undefined;

export default defineConfig({
  plugins: [hardhatToolboxViemPlugin],
  solidity: {
    version: SOLC_VERSION,
    path: SOLC_PATH,
    settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun" },
  },
  paths: { tests: { nodejs: "test/contracts", solidity: "test/contracts" } },
  networks: {
    // `npm run deploy` (scripts/deploy.ts): any EVM chain by its RPC URL. Both values are read only when a deploy asks
    // for them — from the environment, else from Hardhat's encrypted keystore (`npx hardhat keystore set
    // DEPLOYER_PRIVATE_KEY`), so the key never sits in the repository or a plain file.
    target: {
      type: "http",
      url: configVariable("CHAIN_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
  test: {
    solidity: {
      fuzz: { runs: profile.fuzzRuns },
      // Reverting calls are part of the exploration; the handlers record every call that should have succeeded and
      // an invariant fails on any that reverted (test/invariant/README.md).
      invariant: { runs: profile.invariantRuns, depth: profile.depth, failOnRevert: false, shrinkRunLimit },
    },
  },
});
