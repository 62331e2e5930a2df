/**
 * Submission images against real Docker, built and removed at the same time as a busy grader
 * does it: several builds of the same files at once, each image removed as soon as its user is
 * done. With the layer cache on, the builds shared the intermediate images of their common
 * steps, and a removal took a parent another build was about to use ("unknown parent image
 * ID", "No such image": 5 of 30 builds on this workload). Every build must succeed, and no
 * image of any of them, intermediate steps included, may be left.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../checker/targets/container-specs';
import { buildImage, removeImages } from '../../checker/targets/image-build';
import { readSubmission } from '../../checker/targets/submission-source';
import { dockerode } from './support/docker';
import { PROJECT_ROOT, runLabels } from './support/lab';

const runId = inject('integrationRunId');
const LANES = 3;
const BUILDS_PER_LANE = 4;

describe('submission images built and removed at the same time', () => {
  it('every build of the same files succeeds while the others are removed, and nothing of any of them is left', async () => {
    const docker = await dockerode();
    const source = await readSubmission(join(PROJECT_ROOT, 'tests', 'checker', 'servers', 'localhost-submission'));
    const python = (await docker.getImage('python:3.13-slim').inspect()).Id;
    const failures: string[] = [];
    const made: string[] = [];
    const lane = async (): Promise<void> => {
      for (let build = 0; build < BUILDS_PER_LANE; build++) {
        const result = await buildImage(docker, { source, limits: DEFAULT_LIMITS, tag: null, labels: runLabels(runId), language: 'en' }, new AbortController().signal);
        if (!result.ok) {
          failures.push(result.reason);
          continue;
        }
        // The image and every step under it, down to the base image: all of them this build's own.
        const history = (await docker.getImage(result.imageId).history()) as { Id: string }[];
        const own = history.map((layer) => layer.Id).filter((id) => id !== '<missing>');
        expect(own).toContain(python);
        made.push(...own.slice(0, own.indexOf(python)));
        expect(await removeImages(docker, [result.imageId])).toEqual([]);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    expect(failures).toEqual([]);
    expect(made.length).toBeGreaterThanOrEqual(LANES * BUILDS_PER_LANE * 2);
    expect(new Set(made).size).toBe(made.length);
    const left = await Promise.all(made.map((id) => docker.getImage(id).inspect().then(() => id, () => null)));
    expect(left.filter((id) => id !== null)).toEqual([]);
  });
});
