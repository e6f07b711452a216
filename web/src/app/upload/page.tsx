import type { Metadata } from "next";
import Link from "next/link";
import { UploadStudio } from "@/components/UploadStudio";

export const metadata: Metadata = { title: "Upload a video" };

export default function UploadPage() {
  return (
    <div className="page" style={{ maxWidth: 1200 }}>
      <div className="page-header">
        <h1>Upload a video</h1>
        <p>It&apos;s transcoded for streaming, stored on IPFS, and recorded on-chain with one signature.</p>
        <p>
          Moving from YouTube or PeerTube?{" "}
          <Link href="/upload/import">Import your videos from a Takeout or PeerTube export</Link>.
        </p>
      </div>
      <UploadStudio />
    </div>
  );
}
