// Handing out a generated file (export, list, letter): audited first, then sent as an attachment that
// no cache keeps. The file name is reduced to safe ASCII (part of it may come from input, e.g. a form code).
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/connect';
import type { Actor } from './actor';
import { recordHandOut, type ExportFile } from './services/exports';

export const safeFilename = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 120) || 'plik';

export async function sendDownload(db: Db, actor: Actor, reply: FastifyReply, file: ExportFile): Promise<FastifyReply> {
  await recordHandOut(db, actor, file);
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${safeFilename(file.filename)}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}
