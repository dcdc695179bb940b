import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BlobNotFoundError, type BlobStore } from '../../commands/documents/blobStore.js';

const isNotFound = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Blobs as files under `root` (the embedded mode's blob store). Writes go to a temporary file that is
 * renamed into place, so a reader never sees half a blob. Keys are paths of URL-safe segments.
 */
export const createLocalBlobStore = (root: string): BlobStore => {
  const fileOf = (key: string): string => {
    const segments = key.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..' || !/^[\w.%~-]+$/.test(s))) throw new Error(`Invalid blob key: ${key}`);
    return path.join(root, ...segments);
  };
  return {
    put: async (key, bytes) => {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomUUID()}.tmp`;
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, file);
      } finally {
        await rm(temporary, { force: true });
      }
    },
    get: async (key) => {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        throw isNotFound(error) ? new BlobNotFoundError(key) : error;
      }
    },
    has: async (key) => access(fileOf(key)).then(() => true, (error: unknown) => (isNotFound(error) ? false : Promise.reject(error))),
  };
};
