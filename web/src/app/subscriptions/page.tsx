import type { Metadata } from "next";
import { SubscriptionsFeed } from "@/components/subscriptions/SubscriptionsFeed";

export const metadata: Metadata = { title: "Subscriptions" };

export default function Page() {
  return <SubscriptionsFeed />;
}
