import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { HiddenSummary } from "@/components/filters/Filtered";
import { Providers } from "@/components/Providers";
import { TopBar } from "@/components/TopBar";
import { ConfigError } from "@chorus/protocol/env";
import { getServerConfig } from "@/lib/server-config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Chorus", template: "%s — Chorus" },
  description: "Videos that no company can take down: rules on-chain, bytes on IPFS.",
};

export const viewport: Viewport = {
  themeColor: "#0e0e11",
  colorScheme: "dark",
};

/** Only wagmi's own cookie goes to the client (never the whole Cookie header). */
function wagmiCookieFrom(cookieHeader: string | null): string | null {
  const entry = cookieHeader?.split(/;\s*/).find((part) => part.startsWith("wagmi.store="));
  return entry ?? null;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  let config;
  try {
    config = await getServerConfig();
  } catch (error) {
    if (error instanceof ConfigError) return <ConfigProblem problems={error.problems} />;
    throw error;
  }
  const wagmiCookie = wagmiCookieFrom((await headers()).get("cookie"));

  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers config={config} wagmiCookie={wagmiCookie}>
          <TopBar />
          <main id="main">
            <HiddenSummary />
            {children}
          </main>
          <footer className="footer">
            Chorus · videos recorded on {config.chainName} (chain {config.chainId}), stored on IPFS · no account needed
            to watch
          </footer>
        </Providers>
      </body>
    </html>
  );
}

/** The server's environment is wrong: say which variable and how, instead of a stack trace. */
function ConfigProblem({ problems }: { problems: string[] }) {
  return (
    <html lang="en">
      <body>
        <main className="page page-narrow">
          <div className="state state-error" role="alert">
            <h1>Chorus is misconfigured</h1>
            <p>
              The web server&apos;s environment has invalid settings. Fix them (see web/.env.example) and restart the
              server:
            </p>
            <ul style={{ textAlign: "left" }}>
              {problems.map((problem) => (
                <li key={problem}>
                  <code>{problem}</code>
                </li>
              ))}
            </ul>
          </div>
        </main>
      </body>
    </html>
  );
}
