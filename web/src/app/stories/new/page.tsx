import type { Metadata } from "next";
import { PostStory } from "@/components/stories/PostStory";

export const metadata: Metadata = { title: "Post a story" };

export default function NewStoryPage() {
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <h1>Post a story</h1>
          <p>
            A picture with a caption that your followers see at the top of their home page until it expires — 24 hours
            unless you pick another time.
          </p>
        </div>
      </div>
      <PostStory />
    </div>
  );
}
