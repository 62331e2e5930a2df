/**
 * GitHub's heading anchors of a Markdown page, so tests can check that a `page.md#anchor`
 * link (in the lab notes, or in a checker hint) names a heading that exists.
 */

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens (fenced code is not headings). */
export function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  return new Set(
    [...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
      match[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}
