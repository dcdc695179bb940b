import { documentTypeExtensions, documentTypes, isDocumentType } from '../../domain/documents/documentTypes.js';

const aliases: Readonly<Record<string, string>> = {
  'text/x-markdown': 'text/markdown',
  'application/xhtml+xml': 'text/html',
  'application/csv': 'text/csv',
  'text/comma-separated-values': 'text/csv',
  'application/x-pdf': 'application/pdf',
};
const generic = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

const startsWithPdfMagic = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
const looksBinary = (bytes: Uint8Array): boolean => bytes.subarray(0, 8192).includes(0);

const byExtension = (fileName: string): string | null => {
  const extension = fileName.toLowerCase().split('.').at(-1) ?? '';
  return documentTypes.find((type) => documentTypeExtensions[type].includes(extension)) ?? null;
};

/**
 * The type an upload is recorded with: a PDF by its magic bytes, else the declared type (parameters
 * and aliases normalised), else the file name's extension when the declared type is missing or
 * generic. Bytes that contradict the type (a "PDF" without %PDF-, "text" with NUL bytes) come back as
 * `application/octet-stream`, which the allow-list rejects.
 */
export const detectContentType = (bytes: Uint8Array, fileName: string, declared: string | null): string => {
  if (startsWithPdfMagic(bytes)) return 'application/pdf';
  const normalised = (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const type = aliases[normalised] ?? (generic.has(normalised) ? (byExtension(fileName) ?? normalised) : normalised);
  if (type === 'application/pdf' || (isDocumentType(type) && looksBinary(bytes))) return 'application/octet-stream';
  return type === '' ? 'application/octet-stream' : type;
};
