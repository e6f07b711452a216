import path from "node:path";
import type { NextConfig } from "next";

// The repository root: npm workspaces hoist dependencies there, and @chorus/deployments (the generated contract module)
// lives beside this package.
const repoRoot = path.resolve(import.meta.dirname, "..");

const nextConfig: NextConfig = {
  // @chorus/deployments and @chorus/protocol are workspace packages that export TypeScript source.
  transpilePackages: ["@chorus/deployments", "@chorus/protocol"],
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  poweredByHeader: false,
  // Type errors fail `next build` (the default; stated so nobody flips it quietly).
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
