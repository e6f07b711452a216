import Link from "next/link";
import { LogoMark, UploadIcon } from "./Icons";
import { ReviewBadge } from "./ReviewQueue";
import { WalletButton } from "./WalletButton";

export function TopBar() {
  return (
    <header className="topbar">
      <Link href="/" className="logo" aria-label="Chorus — home">
        <LogoMark />
        <span className="logo-text">Chorus</span>
      </Link>
      <div className="topbar-spacer" />
      <nav className="topbar-actions" aria-label="Main">
        <Link href="/channels" className="btn btn-ghost channels-link" data-testid="channels-link">
          Channels
        </Link>
        <ReviewBadge />
        <Link href="/storage" className="btn btn-ghost channels-link" data-testid="storage-link">
          Storage
        </Link>
        <Link href="/upload" className="btn btn-ghost upload-link">
          <UploadIcon size={18} />
          <span className="label-long">Upload</span>
          <span className="label-short visually-hidden">Upload</span>
        </Link>
        <WalletButton />
      </nav>
    </header>
  );
}
