import type { Metadata } from "next";
import { GoLiveStudio } from "@/components/golive/GoLiveStudio";

export const metadata: Metadata = { title: "Go live" };

export default function GoLivePage() {
  return (
    <div className="page" style={{ maxWidth: 1000 }}>
      <div className="page-header">
        <h1>Go live</h1>
        <p>Stream from OBS or from this browser&apos;s camera; your wallet signs once to start and once to end.</p>
      </div>
      <GoLiveStudio />
    </div>
  );
}
