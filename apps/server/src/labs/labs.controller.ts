import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { transcriptToCsv, transcriptToPcapng } from '@tcp-lab/tcp-core';
import { ControlBody, FaultBody, PairingBody, type MistakeStats } from '@tcp-lab/lab-protocol';
import {
  AllowQueryToken,
  CurrentInstructor,
  CurrentPrincipal,
  InstructorGuard,
  PrincipalGuard,
} from '../auth/guards';
import { ClassroomsService } from '../classrooms/classrooms.service';
import { ApiError } from '../common/api-error';
import { ApiZodBody } from '../common/api-zod';
import { ZodValidationPipe } from '../common/validation';
import type { InstructorPrincipal, Principal } from './lab-principal';
import { LabControlsService } from './lab-controls.service';
import { LabsService } from './labs.service';

function roundQuery(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const round = Number(raw);
  if (!Number.isInteger(round) || round < 1) {
    throw new ApiError('VALIDATION_FAILED', {
      en: 'round: expected a positive integer',
      zh: 'round：应为正整数',
    });
  }
  return round;
}

function familyQuery(raw: string | undefined): 4 | 6 {
  if (raw === undefined || raw === '4') return 4;
  if (raw === '6') return 6;
  throw new ApiError('VALIDATION_FAILED', {
    en: 'family: expected 4 or 6',
    zh: 'family：应为 4 或 6',
  });
}

const LAB_SUMMARY_DOC =
  'LabSummary = {id, classroomId, status, mode, network, scenarioId, round, seats:{client,server}, states:{client,server}, moveCount, mistakes, lastMoveAt, stuck}';
const LAB_SNAPSHOT_DOC = `LabSnapshot = LabSummary + {lab (tcp-core labView for the viewer), transcript (current round), yourRole?, scenario?, goalReached, timeScale}`;

@ApiTags('labs')
@ApiBearerAuth()
@Controller()
export class LabsController {
  constructor(
    private readonly labs: LabsService,
    private readonly controls: LabControlsService,
    private readonly classrooms: ClassroomsService,
  ) {}

  @Post('classrooms/:id/pairings')
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary: 'Pair the seats of a class into labs',
    description:
      "auto: seats not already in an open lab, in join order (1st+2nd, 3rd+4th, ...; the odd one out plays the client against the built-in server). manual: the given pairs; null = built-in endpoint. Labs start 'waiting' unless start:true.",
  })
  @ApiZodBody(PairingBody)
  @ApiResponse({ status: 201, description: `{labs: LabSummary[]}. ${LAB_SUMMARY_DOC}` })
  @ApiResponse({ status: 409, description: 'CONFLICT: a seat of a manual pair is already in an open lab' })
  pair(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') classroomId: string,
    @Body(new ZodValidationPipe(PairingBody)) body: PairingBody,
  ) {
    return this.controls.pair(instructor, classroomId, body);
  }

  @Post('labs/:id/control')
  @HttpCode(200)
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary:
      'Steer one lab: start, pause, resume, reset, end, swap-roles, set-scenario, advance-clock, set-clock',
    description:
      'reset, swap-roles and set-scenario start a new round (a fresh tcp-core lab; the transcript goes on with the round number). advance-clock {ms} is recorded in the transcript as a clock move by the instructor. set-clock {clockRate} sets the lab clock pace (lab ms per real ms, 0 = stopped, null = LAB_TIME_SCALE); like start or pause it is a setting, not a transcript entry.',
  })
  @ApiZodBody(ControlBody)
  @ApiResponse({ status: 200, description: `{lab: LabSnapshot}. ${LAB_SNAPSHOT_DOC}` })
  @ApiResponse({ status: 409, description: 'CONFLICT: the action does not apply to the lab in its status' })
  control(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') labId: string,
    @Body(new ZodValidationPipe(ControlBody)) body: ControlBody,
  ) {
    return this.controls.control(instructor, labId, body);
  }

  @Post('classrooms/:id/labs/control')
  @HttpCode(200)
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary:
      'The same control action for every lab of the class (labs it does not apply to are left as they are)',
  })
  @ApiZodBody(ControlBody)
  @ApiResponse({ status: 200, description: '{labs: LabSummary[]}' })
  controlClass(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') classroomId: string,
    @Body(new ZodValidationPipe(ControlBody)) body: ControlBody,
  ) {
    return this.controls.controlClass(instructor, classroomId, body);
  }

  @Post('labs/:id/fault')
  @HttpCode(200)
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary: 'Inject a network fault into the next segment `from` sends (recorded in the transcript)',
  })
  @ApiZodBody(FaultBody)
  @ApiResponse({ status: 200, description: '{lab: LabSnapshot}' })
  fault(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') labId: string,
    @Body(new ZodValidationPipe(FaultBody)) body: FaultBody,
  ) {
    return this.controls.fault(instructor, labId, body);
  }

  @Get('labs/:id')
  @UseGuards(PrincipalGuard)
  @ApiOperation({
    summary: 'A lab as the caller may see it (owner instructor, or a seat of the lab: redacted)',
  })
  @ApiResponse({ status: 200, description: LAB_SNAPSHOT_DOC })
  get(@CurrentPrincipal() principal: Principal, @Param('id') labId: string) {
    return this.labs.snapshotFor(principal, labId);
  }

  @Get('labs/:id/transcript.json')
  @AllowQueryToken()
  @UseGuards(PrincipalGuard)
  @ApiOperation({
    summary:
      'One round as a tcp-core Transcript (replayable; transcriptToScript makes a tcp-lab/1 script of it)',
  })
  @ApiQuery({ name: 'round', required: false, description: 'default: the current round' })
  @ApiQuery({ name: 'token', required: false, description: 'the bearer token, for plain browser links' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  transcriptJson(
    @CurrentPrincipal() principal: Principal,
    @Param('id') labId: string,
    @Query('round') round?: string,
  ) {
    return this.labs.transcript(principal, labId, roundQuery(round));
  }

  @Get('labs/:id/transcript.csv')
  @AllowQueryToken()
  @UseGuards(PrincipalGuard)
  @ApiOperation({ summary: 'One round as CSV (tcp-core transcriptToCsv)' })
  @ApiQuery({ name: 'round', required: false })
  @ApiQuery({ name: 'token', required: false })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async transcriptCsv(
    @CurrentPrincipal() principal: Principal,
    @Param('id') labId: string,
    @Query('round') round?: string,
  ) {
    return transcriptToCsv(await this.labs.transcript(principal, labId, roundQuery(round)));
  }

  @Get('labs/:id/transcript.pcapng')
  @AllowQueryToken()
  @UseGuards(PrincipalGuard)
  @ApiOperation({
    summary: 'One round as a pcapng capture for Wireshark (tcp-core transcriptToPcapng)',
    description:
      'Raw-IP packets between documentation addresses (192.0.2.1:49152 client, 192.0.2.2:80 server; family=6: 2001:db8::1 and ::2) with correct checksums, stamped with the lab clock; a dropped segment appears where it was sent, a duplicated one twice; each packet has a comment naming the transition its delivery caused. Same access as transcript.json.',
  })
  @ApiQuery({ name: 'round', required: false, description: 'default: the current round' })
  @ApiQuery({ name: 'family', required: false, enum: ['4', '6'], description: 'IP version, default 4' })
  @ApiQuery({ name: 'token', required: false, description: 'the bearer token, for plain browser links' })
  @ApiProduces('application/vnd.tcpdump.pcap')
  async transcriptPcapng(
    @CurrentPrincipal() principal: Principal,
    @Param('id') labId: string,
    @Query('round') round?: string,
    @Query('family') family?: string,
  ): Promise<StreamableFile> {
    const ipFamily = familyQuery(family);
    const wanted = roundQuery(round);
    const { transcript, startedAt } = await this.labs.roundTranscript(principal, labId, wanted);
    // the lab id was checked by the transcript lookup, so it is safe in a header
    const name = `lab-${labId}${wanted ? `-round-${wanted}` : ''}${ipFamily === 6 ? '-ipv6' : ''}.pcapng`;
    // timestamps: when the round began, plus the lab clock
    const capture = transcriptToPcapng(transcript, { family: ipFamily, startedAt: startedAt.getTime() });
    return new StreamableFile(capture, {
      type: 'application/vnd.tcpdump.pcap',
      disposition: `attachment; filename="${name}"`,
    });
  }

  @Get('classrooms/:id/mistakes')
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary:
      "The class's stack-mode answers per transition-table rule: attempts and mistakes (incorrect answers)",
  })
  @ApiResponse({
    status: 200,
    description:
      '{byRule: {[ruleId]: {attempts, mistakes}}, total: number of mistakes, attempts: number of answers}',
  })
  async mistakes(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') classroomId: string,
  ): Promise<MistakeStats> {
    await this.classrooms.requireOwned(classroomId, instructor.instructorId);
    const rows = await this.labs.answersByRule(classroomId);
    return {
      byRule: Object.fromEntries(
        rows.map((row) => [row.ruleId, { attempts: row.attempts, mistakes: row.mistakes }]),
      ),
      total: rows.reduce((sum, row) => sum + row.mistakes, 0),
      attempts: rows.reduce((sum, row) => sum + row.attempts, 0),
    };
  }
}
