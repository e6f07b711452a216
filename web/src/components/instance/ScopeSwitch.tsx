import Link from "next/link";
import { describeScope, type InstanceScope } from "@/lib/instance";
import styles from "./ScopeSwitch.module.css";

/**
 * "This instance · All of Chorus": on an instance scoped to chosen channels, creators or tags, the listing shows that
 * scope unless the viewer asks for everything (`?all=1`, a link, so it works by keyboard and without JavaScript). The
 * current choice is marked (aria-current) and the sentence says what the scope is.
 */
export function ScopeSwitch({
  scope,
  all,
  instanceHref,
  allHref,
}: {
  scope: InstanceScope;
  all: boolean;
  instanceHref: string;
  allHref: string;
}) {
  return (
    <nav className={styles.switch} aria-label="Which videos" data-testid="scope-switch">
      <div className={styles.choices}>
        <Link
          href={instanceHref}
          className={styles.choice}
          aria-current={all ? undefined : "page"}
          data-testid="scope-instance"
        >
          This instance
        </Link>
        <Link href={allHref} className={styles.choice} aria-current={all ? "page" : undefined} data-testid="scope-all">
          All of Chorus
        </Link>
      </div>
      <p className={styles.what} data-testid="scope-description">
        {all
          ? "Showing every video on Chorus."
          : `Showing videos from ${describeScope(scope)}, chosen by this instance.`}
      </p>
    </nav>
  );
}
