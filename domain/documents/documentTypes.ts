/** The types a document may have, by the name DocumentUploaded records. */
export const documentTypes = ['application/pdf', 'text/plain', 'text/markdown', 'text/html', 'text/csv'] as const;
export type DocumentType = (typeof documentTypes)[number];

export const isDocumentType = (value: string): value is DocumentType => (documentTypes as readonly string[]).includes(value);

/** File name extensions of each type, for uploads that send no (or a generic) content type. */
export const documentTypeExtensions: Readonly<Record<DocumentType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'text', 'log'],
  'text/markdown': ['md', 'markdown'],
  'text/html': ['html', 'htm'],
  'text/csv': ['csv'],
};

export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
