/** Where uploaded bytes live: a local folder in the embedded mode (infra/blob); S3-compatible later. */
export type BlobStore = Readonly<{
  /** Stores bytes under key; putting the same key again with the same bytes is harmless. */
  put: (key: string, bytes: Uint8Array) => Promise<void>;
  /** The bytes under key; throws BlobNotFoundError when there are none. */
  get: (key: string) => Promise<Uint8Array>;
  has: (key: string) => Promise<boolean>;
}>;

export class BlobNotFoundError extends Error {
  readonly code = 'BLOB_NOT_FOUND';
  constructor(readonly key: string) {
    super(`No blob under ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

/** Content-addressed keys: one blob per tenant and content. */
export const blobKeyFor = (tenant: string, sha256: string): string => `${encodeURIComponent(tenant)}/${sha256}`;
