import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../domain/shared/domainError.js';
import { CommandValidationError, ForbiddenError } from '../../../commands/errors.js';
import { authenticate } from '../../auth/authenticate.js';
import { requestIdentity } from '../../requestIdentity.js';
import type { Server } from '../../server.js';
import type { DocumentServices } from './documentServices.js';

const statusOf: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, DOCUMENT_EMPTY: 400, DOCUMENT_TOO_LARGE: 413, DOCUMENT_TYPE_NOT_ALLOWED: 415,
};
const MULTIPART_OVERHEAD = 64 * 1024;

class HttpProblem extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The platform's error body: { error: { code, message, service, trace_id, timestamp } }. */
const sendError = (reply: FastifyReply, code: string, message: string, traceId: string) =>
  reply.status(statusOf[code] ?? 500).send({ error: { code, message, service: 'ledgerline', trace_id: traceId, timestamp: new Date().toISOString() } });

/** The request body, at most `limit` bytes (a larger one is refused without reading the rest). */
const readBody = async (raw: IncomingMessage, limit: number): Promise<Buffer> => {
  const declared = Number(raw.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpProblem('DOCUMENT_TOO_LARGE', `The request is ${declared} bytes; at most ${limit} are allowed`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpProblem('DOCUMENT_TOO_LARGE', `The request is over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const fileNameOf = (query: unknown, headers: IncomingMessage['headers']): string => {
  const fromQuery = (query as { fileName?: unknown } | null)?.fileName;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const header = headers['x-file-name'];
  if (typeof header === 'string' && header !== '') return decodeURIComponent(header);
  const disposition = /filename="?([^";]+)"?/i.exec(String(headers['content-disposition'] ?? ''))?.[1];
  return disposition ?? 'upload';
};

/** The uploaded file: the part named `file` of a multipart/form-data body, or the whole body with its Content-Type. */
const uploadOf = async (body: Buffer, contentType: string, fileName: () => string) => {
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return { fileName: fileName(), contentType: contentType || null, bytes: new Uint8Array(body) };
  const form = await new Response(new Blob([new Uint8Array(body)]), { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw new HttpProblem('BAD_USER_INPUT', 'The multipart body could not be read');
  });
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw new HttpProblem('BAD_USER_INPUT', 'The multipart body needs a file part named "file"');
  return { fileName: file.name || fileName(), contentType: file.type || null, bytes: new Uint8Array(await file.arrayBuffer()) };
};

/**
 * `POST /documents` for scripts: the file as the raw body (its Content-Type, the name in `?fileName=`
 * or `X-File-Name`) or as the part `file` of a multipart/form-data body; `Authorization: Bearer <JWT>`.
 * 201 with the document id (200 when the tenant had the bytes already). Also leaves multipart bodies
 * unparsed for the GraphQL route, which reads them itself (GraphQL multipart requests).
 */
export const registerDocumentRoutes = (app: Server['app'], { documents, jwtSecret }: Readonly<{ documents: DocumentServices; jwtSecret: string }>): void => {
  if (!app.hasContentTypeParser('multipart/form-data')) app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post('/documents', async (request, reply) => {
      const identity = requestIdentity(request.headers, request.id);
      try {
        const auth = await authenticate(jwtSecret, request.headers.authorization);
        if (auth.kind === 'anonymous') throw new HttpProblem('UNAUTHENTICATED', `Not authenticated: ${auth.reason}`);
        const { sub, tenant, roles } = auth.principal;
        const body = await readBody(request.raw, documents.maxUploadBytes + MULTIPART_OVERHEAD);
        const upload = await uploadOf(body, String(request.headers['content-type'] ?? ''), () => fileNameOf(request.query, request.headers));
        const result = await documents.upload(upload, { tenant, actor: sub, roles, correlationId: identity.correlationId, traceparent: identity.traceparent });
        const { documentId, duplicate, contentType, sha256, sizeBytes, position } = result;
        return reply.status(duplicate ? 200 : 201).send({ documentId, duplicate, contentType, sha256, sizeBytes, position: String(position) });
      } catch (error) {
        if (error instanceof HttpProblem || error instanceof DomainError || error instanceof ForbiddenError || error instanceof CommandValidationError) {
          return sendError(reply, error.code, error.message, identity.correlationId);
        }
        request.log.error({ err: error }, 'upload failed');
        return sendError(reply, 'INTERNAL_ERROR', 'Unexpected error.', identity.correlationId);
      }
    });
  });
};
