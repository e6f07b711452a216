"use client";
import { useEffect, useState } from "react";
import { formatExactTime, formatRelative } from "@/lib/format";

/**
 * "3 hours ago" (or "in 2 days" for a time still ahead, such as a deal's end), with the exact time on hover. The server renders it in UTC; once mounted it switches to the
 * reader's own time zone and keeps the age current.
 */
export function TimeAgo({ timestamp, prefix }: { timestamp: number; prefix?: string }) {
  const [now, setNow] = useState<number | null>(null);
  const [zone, setZone] = useState("UTC");
  useEffect(() => {
    setNow(Date.now());
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const iso = new Date(timestamp * 1000).toISOString();
  return (
    <time dateTime={iso} title={formatExactTime(timestamp, zone, undefined)} suppressHydrationWarning>
      {prefix}
      {formatRelative(timestamp, now ?? Date.now())}
    </time>
  );
}
