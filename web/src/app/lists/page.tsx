import type { Metadata } from "next";
import { ListsBrowser } from "@/components/filters/ListsBrowser";

export const metadata: Metadata = { title: "Filter lists" };

export default function Page() {
  return <ListsBrowser />;
}
