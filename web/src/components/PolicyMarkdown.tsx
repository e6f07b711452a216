import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * A channel's policy rendered from markdown, safely: react-markdown never renders raw HTML (`skipHtml` drops it
 * outright), its default URL transform removes `javascript:` and other unsafe links, links open as untrusted, and
 * images are shown as links rather than loaded (a policy shouldn't make readers fetch things from anywhere).
 * Works in server and client components.
 */
export function PolicyMarkdown({ markdown, testId }: { markdown: string; testId?: string }) {
  return (
    <div className="markdown" data-testid={testId}>
      <Markdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={{
          a: ({ href, children }) => (
            <a href={href} rel="noopener nofollow ugc" target="_blank">
              {children}
            </a>
          ),
          img: ({ src, alt }) =>
            typeof src === "string" && src ? (
              <a href={src} rel="noopener nofollow ugc" target="_blank">
                [image: {alt || src}]
              </a>
            ) : (
              <span>[image{alt ? `: ${alt}` : ""}]</span>
            ),
        }}
      >
        {markdown}
      </Markdown>
    </div>
  );
}
