import { NotYetIndexed } from "@/components/NotYetIndexed";

export default function StreamNotFound() {
  return <NotYetIndexed title="This stream isn't on chain, or isn't indexed yet" justNow="started" />;
}
