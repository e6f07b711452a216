import Link from "next/link";
import { FiltersLink } from "./filters/FiltersLink";
import { GoLiveLink } from "./golive/GoLiveLink";
import { ChannelsIcon, LogoMark, StorageIcon, UploadIcon } from "./Icons";
import { ReviewBadge } from "./ReviewQueue";
import { NotificationBell } from "./subscriptions/NotificationBell";
import { SearchBox } from "./search/SearchBox";
import { WalletButton } from "./WalletButton";

/**
 * The instance's logo and name (INSTANCE_NAME, INSTANCE_LOGO_URL), the main sections and the wallet. On a phone (from 360 px) the sections become icons with their names kept for
 * screen readers (`.nav-label` is hidden visually, not from assistive technology), so the wallet button always fits.
 */
export function TopBar({ name, logoUrl }: { name: string; logoUrl: string | null }) {
  return (
    <header className="topbar">
      <Link href="/" className="logo" aria-label={`${name} — home`} title={name} data-testid="instance-home">
        {logoUrl ? (
          // A plain <img>, as Thumbnail: the operator's image comes from a host known only at request time.
          <img src={logoUrl} alt="" className="logo-image" width={28} height={28} data-testid="instance-logo" />
        ) : (
          <LogoMark />
        )}
        <span className="logo-text" data-testid="instance-name">
          {name}
        </span>
      </Link>
      <SearchBox />
      <div className="topbar-spacer" />
      <nav className="topbar-actions" aria-label="Main">
        <Link href="/channels" className="btn btn-ghost nav-link" data-testid="channels-link" title="Channels">
          <ChannelsIcon size={18} />
          <span className="nav-label">Channels</span>
        </Link>
        <NotificationBell />
        <ReviewBadge />
        <Link href="/storage" className="btn btn-ghost nav-link" data-testid="storage-link" title="Storage">
          <StorageIcon size={18} />
          <span className="nav-label">Storage</span>
        </Link>
        <FiltersLink />
        <Link href="/upload" className="btn btn-ghost nav-link" data-testid="upload-link" title="Upload">
          <UploadIcon size={18} />
          <span className="nav-label">Upload</span>
        </Link>
        <GoLiveLink />
        <WalletButton />
      </nav>
    </header>
  );
}
