import { Controller, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  MAX_CAPTURE_BYTES,
  MAX_CAPTURE_PACKETS,
  MAX_IMPORT_PACKETS,
  importCapture,
  listConnections,
  readCapture,
  toStackScript,
  type WireError,
} from '@tcp-lab/tcp-core';
import type { Request } from 'express';
import { InstructorGuard } from '../auth/guards';
import { ApiError } from '../common/api-error';

/** Content types the raw body parser hands over as bytes (create-app.ts). */
export const CAPTURE_CONTENT_TYPES = ['application/vnd.tcpdump.pcap', 'application/octet-stream'];

function refuse(error: WireError): never {
  throw new ApiError(error.code === 'TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED', error.reason, [
    { wireCode: error.code },
  ]);
}

/**
 * A teacher's capture becomes a lab: nothing is stored, so a bad file changes nothing. The answer lists the
 * capture's TCP connections and, for the chosen one (or the only one), the packets explained by tcp-core's
 * reference machine, the calls-mode script students replay, the same as a stack-mode quiz script, and the
 * "which state after this packet?" questions.
 */
@ApiTags('captures')
@ApiBearerAuth()
@Controller()
export class CapturesController {
  @Post('captures/import')
  @HttpCode(200)
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary: 'Import a pcap or pcapng capture (the file is the request body)',
    description: `Body: the file's bytes with Content-Type application/vnd.tcpdump.pcap (or application/octet-stream). Limits: ${MAX_CAPTURE_BYTES} bytes, ${MAX_CAPTURE_PACKETS} packets in the file, ${MAX_IMPORT_PACKETS} in the chosen connection. Errors: 400 VALIDATION_FAILED (details[0].wireCode: NOT_A_CAPTURE, MALFORMED, TRUNCATED, NOT_TCP, NO_SUCH_CONNECTION, UNSUPPORTED_LINK), 413 PAYLOAD_TOO_LARGE; each with an en/zh message.`,
  })
  @ApiConsumes(...CAPTURE_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({
    name: 'connection',
    required: false,
    description: 'a connection id from `connections` (needed when there are several)',
  })
  @ApiResponse({
    status: 200,
    description:
      '{connections: CaptureConnection[], skipped, import: {connection, packets: ImportedPacket[], flagged, script, questions} | null, quizScript | null, error?: {code, message} (why no connection was imported yet)}',
  })
  importCapture(@Req() request: Request, @Query('connection') connection?: string) {
    const body: unknown = request.body;
    if (!(body instanceof Buffer) || body.length === 0) {
      throw new ApiError('VALIDATION_FAILED', {
        en: `send the capture file itself as the request body, with Content-Type ${CAPTURE_CONTENT_TYPES[0]}`,
        zh: `请把抓包文件本身作为请求体发送，Content-Type 为 ${CAPTURE_CONTENT_TYPES[0]}`,
      });
    }
    const read = readCapture(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    if (!read.ok) refuse(read);
    const listed = listConnections(read.capture);
    if (!listed.ok) refuse(listed);
    const imported = importCapture(read.capture, connection);
    if (!imported.ok) {
      // several connections and none chosen: answer the list so the teacher can pick one
      if (imported.code === 'NO_SUCH_CONNECTION' && connection === undefined)
        return {
          connections: listed.connections,
          skipped: listed.skipped,
          import: null,
          quizScript: null,
          error: { code: imported.code, message: imported.reason },
        };
      refuse(imported);
    }
    // a script with flagged packets may not play in stack mode; the calls-mode script still does
    const stack = toStackScript(imported.script, 0);
    const quizScript = stack.ok ? stack.script : null;
    return { connections: listed.connections, skipped: listed.skipped, import: imported, quizScript };
  }
}
