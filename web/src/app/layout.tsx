import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { CSSProperties, ReactNode } from "react";
import { HiddenSummary } from "@/components/filters/Filtered";
import { Providers } from "@/components/Providers";
import { TopBar } from "@/components/TopBar";
import { ConfigError } from "@chorus/protocol/env";
import { DEFAULT_INSTANCE_NAME } from "@/lib/instance";
import { getInstance, getServerConfig } from "@/lib/server-config";
import "./globals.css";

const DESCRIPTION = "Videos that no company can take down: rules on-chain, bytes on IPFS.";

/** The instance's name titles every page ("Search — <name>"); a bad setting falls back to Chorus's (the page says why). */
export async function generateMetadata(): Promise<Metadata> {
  const name = await getInstance().then(
    (instance) => instance.name,
    () => DEFAULT_INSTANCE_NAME,
  );
  return {
    title: { default: name, template: `%s — ${name}` },
    description: name === DEFAULT_INSTANCE_NAME ? DESCRIPTION : `${name}, on Chorus. ${DESCRIPTION}`,
    applicationName: name,
  };
}

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
  let instance;
  try {
    [config, instance] = await Promise.all([getServerConfig(), getInstance()]);
  } catch (error) {
    if (error instanceof ConfigError) return <ConfigProblem problems={error.problems} />;
    throw error;
  }
  const wagmiCookie = wagmiCookieFrom((await headers()).get("cookie"));

  return (
    // The accent is a few CSS variables on the root element (a style attribute: the CSP allows those, not <style>).
    <html lang="en" style={(instance.accent ?? undefined) as CSSProperties | undefined}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers config={config} wagmiCookie={wagmiCookie}>
          <TopBar name={instance.name} logoUrl={instance.logoUrl} />
          <main id="main">
            <HiddenSummary />
            {children}
          </main>
          <footer className="footer">
            {instance.name === DEFAULT_INSTANCE_NAME ? "Chorus" : `${instance.name} · runs on Chorus`} · videos recorded
            on {config.chainName} (chain {config.chainId}), stored on IPFS · no account needed to watch
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
