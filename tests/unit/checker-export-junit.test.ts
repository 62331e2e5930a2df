import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../checker/export';
import {
  arbitraryReport,
  HOSTILE_RAW,
  HOSTILE_SHOWN,
  MARKUP,
  NEVER_LISTENED,
  REPLY_TEXT_TRACE,
  SAMPLE_REPORTS,
  SKIPPED_STAGE,
  SOME_FAILED,
} from './support/checker-report-samples';

const XSD = join(__dirname, '..', '..', 'checker', 'schemas', 'junit.xsd');
const scratch = mkdtempSync(join(tmpdir(), 'checker-export-junit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs xmllint; a machine without it fails the test with what to install, it never skips. */
function xmllint(args: string[], input?: string, env = process.env): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('xmllint', args, { input, env, encoding: 'utf8', timeout: 30_000 });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'xmllint not found: install libxml2-utils (apt-get install libxml2-utils) to check the JUnit export' : `xmllint: ${run.error.message}`);
  }
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Validates documents against junit.xsd in one xmllint run; returns xmllint's complaints, or '' when all validate. */
function xsdErrors(documents: string[]): string {
  const files = documents.map((document, index) => {
    const file = join(scratch, `report-${index}.xml`);
    writeFileSync(file, document);
    return file;
  });
  const run = xmllint(['--noout', '--schema', XSD, ...files]);
  return run.status === 0 ? '' : run.stderr;
}

/** What an XML reader gets for an XPath expression (entities decoded), without the line feed xmllint adds. */
const xpath = (document: string, expression: string): string =>
  xmllint(['--xpath', expression, '-'], document).stdout.replace(/\n$/, '');

describe('junit export: JUnit XML as GitLab, Jenkins and CodeGrade read it', () => {
  for (const [name, report] of Object.entries(SAMPLE_REPORTS)) {
    it(`the "${name}" report validates against junit.xsd`, () => {
      expect(xsdErrors([renderReport('junit', report)])).toBe('');
    });
  }

  it('every random report (hostile text, any stage mix) validates against junit.xsd', () => {
    const documents = fc.sample(arbitraryReport, { numRuns: 60 }).map((report) => renderReport('junit', report));
    expect(xsdErrors(documents)).toBe('');
  });

  it('junit.xsd rejects what Jenkins would reject: a testcase without a name, a time that is not a number', () => {
    expect(xsdErrors(['<testsuites><testsuite name="s" tests="1"><testcase/></testsuite></testsuites>'])).toMatch(/'name' is required/);
    expect(xsdErrors(['<testsuites><testsuite name="s" tests="1" time="12 ms"/></testsuites>'])).toMatch(/'time'/);
  });

  it('fails, naming the package to install, on a machine without xmllint', () => {
    expect(() => xmllint(['--version'], undefined, { PATH: scratch })).toThrow(/xmllint not found: install libxml2-utils/);
  });

  it('is one testsuite named for the level, one testcase per stage named "<id>: <title>" with its time in seconds', () => {
    const xml = renderReport('junit', SOME_FAILED);
    expect(xpath(xml, 'count(/testsuites/testsuite)')).toBe('1');
    expect(xpath(xml, 'string(/testsuites/testsuite/@name)')).toBe('charcount-check protocol');
    expect(xpath(xml, 'count(//testcase)')).toBe(String(SOME_FAILED.stages.length));
    expect(xpath(xml, 'string(//testcase[1]/@name)')).toBe('listen: accepts a TCP connection on port 12345');
    expect(xpath(xml, 'string(//testcase[1]/@classname)')).toBe('charcount-check.protocol');
    expect(xpath(xml, 'string(//testcase[1]/@time)')).toBe('0.056');
    expect(xpath(xml, 'concat(//testsuite/@tests, " ", //testsuite/@failures, " ", //testsuite/@errors, " ", //testsuite/@skipped)')).toBe('14 2 0 0');
  });

  it('names seed, target and score in the properties', () => {
    const xml = renderReport('junit', SOME_FAILED);
    const property = (name: string): string => xpath(xml, `string(//property[@name="${name}"]/@value)`);
    expect([property('seed'), property('target'), property('score'), property('maxScore')]).toEqual([
      '424242',
      'node server.js --port 12345 <stdin',
      '17',
      '21',
    ]);
  });

  it('puts a failed stage\'s whole trace in <failure>, hostile bytes shown as escapes and markup intact', () => {
    const xml = renderReport('junit', SOME_FAILED);
    const expected = REPLY_TEXT_TRACE.map((line) => line.replace(HOSTILE_RAW, HOSTILE_SHOWN)).join('\n');
    expect(xpath(xml, 'string(//testcase[2]/failure)')).toBe(expected);
    expect(xpath(xml, 'string(//testcase[2]/failure/@type)')).toBe('StageFailed');
    expect(xpath(xml, 'string(//testcase[2]/failure/@message)')).toBe(
      `expected "Jumlah karakter dalam kalimat tersebut adalah 10", but got "${MARKUP} ${HOSTILE_SHOWN}"`,
    );
  });

  it('never writes a character XML 1.0 forbids, nor a raw "]]>" or "<" inside text', () => {
    const xml = renderReport('junit', SOME_FAILED);
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u);
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('&lt;&amp;&gt; ]]&gt; &quot;double&quot;');
  });

  it('marks a stage that does not apply as <skipped> with its reason', () => {
    const xml = renderReport('junit', SKIPPED_STAGE);
    expect(xpath(xml, 'string(//testcase[last()]/skipped/@message)')).toBe('not run: only a program the checker starts can be sent SIGTERM');
    expect(xpath(xml, 'concat(//testsuite/@failures, " ", //testsuite/@errors, " ", //testsuite/@skipped)')).toBe('0 0 1');
  });

  it('turns the stages a never-listening server lost into <error>s naming why, so CI goes red', () => {
    const xml = renderReport('junit', NEVER_LISTENED);
    expect(xpath(xml, 'concat(//testsuite/@failures, " ", //testsuite/@errors, " ", //testsuite/@skipped)')).toBe('1 7 0');
    expect(xpath(xml, 'string(//testcase[2]/error)')).toBe(
      'could not check the server: your server exited with code 1 before it listened on port 12345',
    );
    expect(xpath(xml, 'string(//property[@name="startError"]/@value)')).toBe(NEVER_LISTENED.startError);
  });

  it('carries the whole text report in the suite\'s <system-out>', () => {
    const xml = renderReport('junit', NEVER_LISTENED);
    expect(xpath(xml, 'string(/testsuites/testsuite/system-out)')).toBe(renderReport('text', NEVER_LISTENED));
  });
});
