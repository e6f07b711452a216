import { readFile } from "node:fs/promises";
import type { Abi, Hex } from "viem";
import { artifactPath, type ContractName } from "./paths.ts";

export interface Artifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
  /** Where the deployed code holds each immutable (byte offsets), which the constructor fills in. */
  immutableReferences?: Record<string, { start: number; length: number }[]>;
}

/** Reads a Hardhat artifact; `npm run compile` writes them. */
export async function readArtifact(name: ContractName): Promise<Artifact> {
  try {
    return JSON.parse(await readFile(artifactPath(name), "utf8")) as Artifact;
  } catch (error) {
    throw new Error(`No compiled artifact for ${name}: run \`npm run compile\` first.`, { cause: error });
  }
}
