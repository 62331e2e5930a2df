/**
 * The image a submission check runs: the folder's shared image when charcount-check has built
 * the same files before, else built now (its Dockerfile, or the generated one); and, when the
 * check is over, removed if it was the check's own.
 */
import type Docker from 'dockerode';
import type { Language } from '../../language';
import { visibleText } from '../export/visible-text';
import { CHECK_LABEL, type SubmissionLimits } from './container-specs';
import { CONTAINER_TEXTS } from './container-texts';
import { buildImage, contentHash, removeImages } from './image-build';
import { SUBMISSION_REPOSITORY, type SubmissionSource } from './submission-source';
import type { Notice, StartResult } from './target';

const BUILD_LOG_LINES = 12;

export interface SubmissionImageOptions {
  docker: Docker;
  source: SubmissionSource;
  limits: SubmissionLimits;
  /** Every label of the check's containers and images, CHECK_LABEL included. */
  labels: Record<string, string>;
  /**
   * 'shared' (charcount-check's default): an image of the same folder content is used as it
   * is, and the one built is kept, so checking the unchanged folder again builds nothing.
   * 'own' (the grader): the image is built for this check alone and removed with its
   * containers, so nothing another check builds, runs or removes can change it.
   */
  image: 'shared' | 'own';
  notice: Notice;
  language: Language;
  /** Whether the check is being stopped (a build's output is then no news to anyone). */
  stopping: () => boolean;
}

export class SubmissionImage {
  /** The image the server runs, by id: a tag can be moved by another build of the same files. */
  id: string | null = null;
  /** Whether this check built it (and may have to remove it). */
  private built = false;
  private readonly say: (typeof CONTAINER_TEXTS)['en'];

  constructor(private readonly options: SubmissionImageOptions) {
    this.say = CONTAINER_TEXTS[options.language];
  }

  async prepare(signal: AbortSignal): Promise<StartResult> {
    const { options, say } = this;
    const { docker, source } = options;
    const shared = options.image === 'shared';
    if (shared) {
      const existing = await docker.getImage(source.tag).inspect().then((info) => info.Id, () => null);
      if (existing !== null) {
        this.id = existing;
        options.notice(say.imageReused());
        return { ok: true };
      }
    }
    const tag = shared ? null : `${SUBMISSION_REPOSITORY}:${contentHash(source)}-${tagSafe(options.labels[CHECK_LABEL]!)}`;
    const what = source.kind === 'dockerfile' ? say.buildingDockerfile({ dir: source.dir }) : say.buildingServerPy({ dir: source.dir });
    options.notice(say.building({ what, tag: tag ?? source.tag }));
    const built = await buildImage(docker, { source: source, limits: options.limits, tag, labels: options.labels, language: options.language }, signal);
    if (built.ok) {
      this.id = built.imageId;
      this.built = true;
      if (shared) await this.share(built.imageId);
      options.notice(say.built({ seconds: (built.ms / 1000).toFixed(1) }));
      return { ok: true };
    }
    const shown = built.lastLines.length > 0 && !options.stopping();
    if (shown) {
      options.notice(say.buildLastLines());
      for (const line of built.lastLines.slice(-BUILD_LOG_LINES)) options.notice(`  | ${line}`);
    }
    const why = visibleText(built.reason);
    return { ok: false, reason: shown ? say.notBuiltSeeAbove({ why }) : say.notBuilt({ why }) };
  }

  /** Removes the image if this check built it and it is not the folder's shared one. */
  async removeIfOwn(): Promise<void> {
    if (!this.built || this.id === null || (await this.isShared(this.id))) return;
    const left = await removeImages(this.options.docker, [this.id]);
    if (left.length > 0) this.options.notice(this.say.imageNotRemoved({ image: this.id }));
  }

  /** Tags a new image with the folder's content tag, unless another check of the same files got there first. */
  private async share(imageId: string): Promise<void> {
    const { docker, source } = this.options;
    if (await docker.getImage(source.tag).inspect().then(() => true, () => false)) return;
    const colon = source.tag.indexOf(':');
    await docker.getImage(imageId).tag({ repo: source.tag.slice(0, colon), tag: source.tag.slice(colon + 1) }).catch(() => undefined);
  }

  /**
   * Whether the image is the folder's shared one, kept for the next check. An image this check
   * built that is not (its own, or one whose tag a simultaneous check of the same files took)
   * is removed with the check.
   */
  private async isShared(imageId: string): Promise<boolean> {
    if (this.options.image === 'own') return false;
    return this.options.docker.getImage(this.options.source.tag).inspect().then((info) => info.Id === imageId, () => false);
  }
}

/** A Docker tag may hold letters, digits, '_', '.' and '-' only. */
function tagSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
}
