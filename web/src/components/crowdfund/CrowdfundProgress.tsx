import type { Crowdfund } from "@chorus/protocol";
import { progressOf } from "@/lib/crowdfund";
import { formatPercent, plural } from "@/lib/format";
import { TokenAmount } from "../TokenAmount";
import styles from "./Crowdfund.module.css";

/** The progress bar and its figures: raised of goal, percent, backers. */
export function CrowdfundProgress({ campaign, big }: { campaign: Crowdfund; big?: boolean }) {
  const progress = progressOf(campaign.raised, campaign.goal);
  return (
    <div className="stack" data-testid="crowdfund-progress">
      <div
        className={styles.bar}
        role="progressbar"
        aria-label="Raised toward the goal"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Math.round(progress * 100))}
      >
        <div className={styles.fill} style={{ width: `${Math.min(100, progress * 100)}%` }} />
      </div>
      <p className={styles.figures}>
        <span className={big ? styles.big : undefined} data-testid="crowdfund-raised">
          <TokenAmount amount={campaign.raised} token={campaign.token} />
        </span>
        <span className="muted">
          of <TokenAmount amount={campaign.goal} token={campaign.token} /> · {formatPercent(progress)} ·{" "}
          {plural(campaign.backers, "backer")}
        </span>
      </p>
    </div>
  );
}

export const STATUS_WORDS: Record<Crowdfund["status"], string> = {
  running: "Running",
  reached: "Goal reached",
  claimed: "Funded and paid out",
  missed: "Goal missed: backers take their pledges back",
};
