import type { Metadata } from "next";
import { TakeoutImport } from "@/components/import/TakeoutImport";

export const metadata: Metadata = { title: "Import videos" };

export default function ImportPage() {
  return (
    <div className="page" style={{ maxWidth: 960 }}>
      <div className="page-header">
        <h1>Import videos</h1>
        <p>
          Bring your videos from a YouTube Takeout or a PeerTube export: titles, descriptions, dates and tags come with
          them, and each is published with your signature.
        </p>
      </div>
      <TakeoutImport />
    </div>
  );
}
