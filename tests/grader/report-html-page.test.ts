/**
 * report.html as a file, without a browser: links to feedback files are encoded and never
 * lead out of the output folder, the page names no external URL, any text a student controls
 * stays text, and the score chart switches to percentage bins when maxima differ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreDistribution } from '../../grader/report-charts';
import { renderReportHtml } from '../../grader/report-html';
import { feedbackHref } from '../../grader/report-table';
import { sampleClass } from './support/sample-class';

describe('feedback links', () => {
  it('encode every character that would end or change a path segment, and stay inside feedback/', () => {
    expect(feedbackHref('alice')).toBe('feedback/alice.md');
    expect(feedbackHref('a b#?%&')).toBe('feedback/a%20b%23%3F%25%26.md');
    expect(feedbackHref('José García_123')).toBe('feedback/Jos%C3%A9%20Garc%C3%ADa_123.md');
    for (const name of ['../../etc/passwd', '..', '.', '/etc/passwd', 'a\\..\\..\\b']) expect(feedbackHref(name), name).toMatch(/^feedback\/[^/\\]+\.md$/u);
  });
});

describe('the page', () => {
  it('names no URL with a scheme: nothing can load from anywhere', () => {
    expect(renderReportHtml(sampleClass())).not.toMatch(/:\/\//u);
  });

  it('keeps any name, reason and stage message a student controls as text: one script, no other element', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, (name, reason, message) => {
        const grades = sampleClass();
        const [first] = grades.submissions;
        grades.submissions[0] = { ...first!, name, reason, stages: first!.stages.map((stage) => ({ ...stage, message, title: message })) };
        const html = renderReportHtml(grades);
        expect(html.split('<script').length).toBe(2);
        for (const tag of ['<img', '<iframe', '<a href="javascript', '<svg onload']) expect(html).not.toContain(tag);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the score distribution', () => {
  it('has one bar per score when every maximum is the same whole number', () => {
    expect(scoreDistribution(sampleClass()).map((bar) => bar.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', 'error']);
  });

  it('falls back to ten percentage bins when maxima differ, the top bin holding full marks', () => {
    const grades = sampleClass();
    grades.submissions = grades.submissions.map((submission, index) => (index === 0 ? { ...submission, score: 3.5, maxScore: 7 } : submission));
    const bars = scoreDistribution(grades);
    expect(bars.map((bar) => bar.label)).toEqual(['0-9%', '10-19%', '20-29%', '30-39%', '40-49%', '50-59%', '60-69%', '70-79%', '80-89%', '90-100%', 'error']);
    expect(bars.map((bar) => bar.count)).toEqual([1, 0, 0, 0, 0, 1, 2, 1, 1, 2, 1]);
  });
});
