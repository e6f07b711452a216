import type { ReactNode } from "react";
import { AlertIcon, FilmIcon } from "./Icons";

/** An empty state: what is (not) here, and what to do about it. */
export function EmptyState({
  title,
  children,
  actions,
  headingLevel = 2,
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  headingLevel?: 1 | 2;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div className="state">
      <div className="state-icon">
        <FilmIcon size={26} />
      </div>
      <Heading>{title}</Heading>
      {children}
      {actions ? <div className="state-actions">{actions}</div> : null}
    </div>
  );
}

/** An error state: what happened, what to do, and (small) the technical detail for whoever runs the service. */
export function ErrorState({
  title,
  children,
  detail,
  actions,
  headingLevel = 2,
}: {
  title: string;
  children?: ReactNode;
  detail?: string;
  actions?: ReactNode;
  headingLevel?: 1 | 2;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon">
        <AlertIcon size={26} />
      </div>
      <Heading>{title}</Heading>
      {children}
      {detail ? <p className="state-detail">{detail}</p> : null}
      {actions ? <div className="state-actions">{actions}</div> : null}
    </div>
  );
}
