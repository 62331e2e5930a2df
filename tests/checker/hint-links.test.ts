/**
 * Every stage's hint links a page of the repository a student can open: the file exists and,
 * when the link names a heading (`page.md#anchor`), that heading exists, by GitHub's anchor
 * rules. The hints are read from the json report, as a grading platform would show them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageResult } from '../../checker/model';
import { anchorsOf } from '../support/markdown-anchors';
import { describeCheckerRun, helpStageIds, parseReport, ROOT, runChecker, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

afterAll(stopCheckers);

let stages: StageResult[] = [];
beforeAll(async () => {
  // Nothing listens there: listen fails at once and every later stage is reported, hint and all, as not run.
  const run = await runChecker(['--host', '127.0.0.1', '--port', String(await quietPort()), '--level', 'protocol', '--format', 'json']);
  stages = parseReport(run).stages;
  if (stages.length === 0) throw new Error(`no stages in the report:\n${describeCheckerRun(run)}`);
});

describe('stage hints', () => {
  it('the protocol-level report has every stage --help lists, each with a hint', async () => {
    expect(stages.map((stage) => stage.id)).toEqual(await helpStageIds());
    for (const stage of stages) expect(stage.hint.text, stage.id).not.toBe('');
  });

  it('every hint links a file of the repository, and a heading of that file when it names one', () => {
    const broken = stages.flatMap(({ id, hint }) => {
      const [path, anchor] = hint.link.split('#');
      const file = join(ROOT, path);
      if (!existsSync(file)) return [`${id}: ${hint.link}: no file ${path}`];
      if (anchor !== undefined && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) return [`${id}: ${hint.link}: no heading #${anchor} in ${path}`];
      return [];
    });
    expect(broken).toEqual([]);
  });
});
