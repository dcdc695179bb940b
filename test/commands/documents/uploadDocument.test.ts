import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CommandContext } from '../../../commands/commandBus.js';
import { BlobNotFoundError, type BlobStore } from '../../../commands/documents/blobStore.js';
import { uploadDocument, type UploadOptions } from '../../../commands/documents/uploadDocument.js';
import type { EventStore } from '../../../commands/eventStore.js';
import type { DomainError } from '../../../domain/shared/domainError.js';
import { createLocalBlobStore } from '../../../infra/blob/localBlobStore.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { makePdf } from '../../fixtures/documents/makePdf.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';

let db: TestDb;
let store: EventStore;
let blobDir: string;
let blobs: BlobStore;
let options: UploadOptions;
before(async () => {
  db = await createTestDb('commands_upload_document');
  store = createPostgresEventStore(db);
  blobDir = await mkdtemp(path.join(tmpdir(), 'll-blobs-'));
  blobs = createLocalBlobStore(blobDir);
  options = { store, blobs, maxBytes: 1024, clock: () => new Date('2026-11-23T09:00:00Z') };
});
after(async () => {
  await store.close();
  await db.close();
  await rm(blobDir, { recursive: true, force: true });
});

const context = (tenant = 't-upload', roles: string[] = ['energy.analyst']): CommandContext => ({ tenant, actor: 'alice', roles, correlationId: 'c1', traceparent: null });
const bytes = (text: string) => new TextEncoder().encode(text);
const code = (expected: string) => (e: unknown) => e instanceof Error && (e as DomainError).code === expected;
const filesUnder = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);

describe('uploadDocument', () => {
  it('stores the bytes and records DocumentUploaded with name, type, size, SHA-256 and uploader', async () => {
    const result = await uploadDocument(options, { fileName: 'notes/../weekly.md', contentType: 'text/markdown; charset=utf-8', bytes: bytes('# Weekly\nHB_NORTH was firm.') }, context());
    assert.equal(result.duplicate, false);
    const [event] = await store.readStream(result.streamId);
    assert.equal(event?.type, 'DocumentUploaded');
    assert.deepEqual(event?.data, {
      documentId: result.documentId, fileName: 'weekly.md', contentType: 'text/markdown', sizeBytes: 27,
      sha256: createHash('sha256').update('# Weekly\nHB_NORTH was firm.').digest('hex'), blobKey: `t-upload/${result.sha256}`, uploadedBy: 'alice', uploadedAt: '2026-11-23T09:00:00.000Z',
    });
    assert.match(result.sha256, /^[0-9a-f]{64}$/);
    assert.equal(event?.metadata.tenant, 't-upload');
    assert.deepEqual(new TextDecoder().decode(await blobs.get(`t-upload/${result.sha256}`)), '# Weekly\nHB_NORTH was firm.');
  });

  it('makes the same bytes uploaded twice by a tenant one document, and another tenant’s upload another', async () => {
    const content = bytes('Same report, twice.');
    const first = await uploadDocument(options, { fileName: 'a.txt', contentType: 'text/plain', bytes: content }, context());
    const second = await uploadDocument(options, { fileName: 'copy-of-a.txt', contentType: 'text/plain', bytes: content }, context());
    assert.equal(second.documentId, first.documentId);
    assert.equal(second.duplicate, true);
    assert.equal(second.position, first.position);
    assert.equal((await store.readStream(first.streamId)).length, 1);
    const other = await uploadDocument(options, { fileName: 'a.txt', contentType: 'text/plain', bytes: content }, context('t-other'));
    assert.notEqual(other.documentId, first.documentId);
    assert.equal(other.duplicate, false);
  });

  it('rejects a file over the size limit, an empty file and a disallowed type, storing nothing', async () => {
    const before = await filesUnder(blobDir);
    await assert.rejects(uploadDocument(options, { fileName: 'big.txt', contentType: 'text/plain', bytes: new Uint8Array(1025).fill(65) }, context()), code('DOCUMENT_TOO_LARGE'));
    await assert.rejects(uploadDocument(options, { fileName: 'empty.txt', contentType: 'text/plain', bytes: new Uint8Array(0) }, context()), code('DOCUMENT_EMPTY'));
    await assert.rejects(uploadDocument(options, { fileName: 'x.zip', contentType: 'application/zip', bytes: bytes('PK..') }, context()), code('DOCUMENT_TYPE_NOT_ALLOWED'));
    await assert.rejects(uploadDocument(options, { fileName: 'fake.pdf', contentType: 'application/pdf', bytes: bytes('not a pdf') }, context()), code('DOCUMENT_TYPE_NOT_ALLOWED'));
    await assert.rejects(uploadDocument(options, { fileName: 'bin.txt', contentType: 'text/plain', bytes: new Uint8Array([65, 0, 66]) }, context()), code('DOCUMENT_TYPE_NOT_ALLOWED'));
    assert.deepEqual(await filesUnder(blobDir), before);
  });

  it('recognises a PDF by its bytes and a type by the file name when the declared type is generic', async () => {
    const pdf = await uploadDocument({ ...options, maxBytes: 100_000 }, { fileName: 'upload.bin', contentType: 'application/octet-stream', bytes: makePdf([['Hello PDF']]) }, context());
    assert.equal(pdf.contentType, 'application/pdf');
    const csv = await uploadDocument(options, { fileName: 'prices.CSV', contentType: null, bytes: bytes('hub,price\nHB_WEST,41') }, context());
    assert.equal(csv.contentType, 'text/csv');
  });

  it('forbids viewers to upload; the blob store refuses missing and escaping keys', async () => {
    await assert.rejects(uploadDocument(options, { fileName: 'v.txt', contentType: 'text/plain', bytes: bytes('viewer') }, context('t-upload', ['energy.viewer'])), code('FORBIDDEN'));
    await assert.rejects(blobs.get('t-upload/missing'), BlobNotFoundError);
    await assert.rejects(blobs.put('../escape', bytes('x')), /Invalid blob key/);
  });
});
