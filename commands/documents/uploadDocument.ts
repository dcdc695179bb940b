import { createHash } from 'node:crypto';
import path from 'node:path';
import { checkUpload } from '../../domain/documents/decide.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../domain/documents/documentTypes.js';
import type { CommandContext, CommandResult } from '../commandBus.js';
import { CommandValidationError } from '../errors.js';
import type { EventStore } from '../eventStore.js';
import { blobKeyFor, type BlobStore } from './blobStore.js';
import { detectContentType } from './detectContentType.js';
import { authorise } from '../permissions.js';
import { runDocumentCommand } from './documentStream.js';

export type UploadInput = Readonly<{ fileName: string; contentType: string | null; bytes: Uint8Array }>;

export type UploadResult = CommandResult &
  Readonly<{ documentId: string; contentType: string; sha256: string; sizeBytes: number; /** the tenant had these bytes already */ duplicate: boolean }>;

export type UploadOptions = Readonly<{ store: EventStore; blobs: BlobStore; maxBytes?: number; clock?: () => Date }>;

const sha256Of = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** The same bytes from the same tenant always get the same id (so the same stream): duplicates are one document. */
export const documentIdFor = (tenant: string, sha256: string): string => {
  const h = sha256Of(`${tenant}\n${sha256}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

const cleanFileName = (fileName: string): string => {
  const name = path.basename(fileName.replaceAll('\\', '/')).trim();
  if (name === '' || name.length > 255) throw new CommandValidationError('fileName', 'Invalid fileName: 1 to 255 characters');
  return name;
};

/**
 * Checks the limits and the type before anything is stored, stores the bytes under a content key,
 * then records DocumentUploaded, or nothing when the tenant uploaded these bytes before.
 */
export const uploadDocument = async ({ store, blobs, maxBytes = DEFAULT_MAX_UPLOAD_BYTES, clock = () => new Date() }: UploadOptions, input: UploadInput, context: CommandContext): Promise<UploadResult> => {
  authorise(context.roles, 'document.upload');
  const fileName = cleanFileName(input.fileName);
  const sizeBytes = input.bytes.byteLength;
  const contentType = detectContentType(input.bytes, fileName, input.contentType);
  checkUpload({ sizeBytes, contentType }, maxBytes);
  const sha256 = sha256Of(input.bytes);
  const documentId = documentIdFor(context.tenant, sha256);
  const blobKey = blobKeyFor(context.tenant, sha256);
  if (!(await blobs.has(blobKey))) await blobs.put(blobKey, input.bytes);
  const result = await runDocumentCommand(
    store,
    { type: 'UploadDocument', data: { documentId, fileName, contentType, sizeBytes, sha256, blobKey }, metadata: { now: clock().toISOString(), actor: context.actor, maxBytes } },
    context,
  );
  return { ...result, documentId, contentType, sha256, sizeBytes, duplicate: !result.appended };
};
