import { NotYetIndexed } from "@/components/NotYetIndexed";

export default function VideoNotFound() {
  return <NotYetIndexed title="This video isn't published, or isn't indexed yet" justNow="published" />;
}
