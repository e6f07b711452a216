// Regenerates deployments/index.ts from the compiled artifacts and the recorded deployments.
import { generate } from "./lib/generate.ts";

const { path, changed } = await generate();
console.log(changed ? `wrote ${path}` : `${path} is up to date`);
