import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RoleSchema, type Bilingual, type Endpoint, type Role, type Actor } from '@tcp-lab/tcp-core';
import { z } from 'zod';
import { CurrentPrincipal, PrincipalGuard } from '../auth/guards';
import { ApiError } from '../common/api-error';
import { ApiZodBody } from '../common/api-zod';
import { ZodValidationPipe } from '../common/validation';
import { actorKeyOf, type Principal } from '../labs/lab-principal';
import { labState, seatOf, type Viewer } from '../labs/lab-views';
import { LabsService } from '../labs/labs.service';
import { QuizService } from '../quiz/quiz.service';
import { LinuxPeerService } from './linux-peer.service';

export const LinuxPeerBody = z.strictObject({
  role: RoleSchema,
  /** IPv4 (default: 192.0.2.0/24) or IPv6 (2001:db8::/64) between the lab's documentation addresses */
  family: z.union([z.literal(4), z.literal(6)]).optional(),
});
export type LinuxPeerBody = z.infer<typeof LinuxPeerBody>;

const sideName = (role: Role): Bilingual => ({
  en: role,
  zh: role === 'client' ? '客户端' : '服务器',
});

/** The endpoint has done nothing yet this round: Linux can take it over from the start. */
const untouched = (e: Endpoint) =>
  e.state === 'CLOSED' && e.irs === null && !e.passiveOpen && e.sndNxt === e.iss;
/**
 * The endpoint has only listened (the built-in server does as a lab starts), nothing sent or received: Linux can
 * take it over, its socket listening too.
 */
const onlyListening = (e: Endpoint) => e.state === 'LISTEN' && e.irs === null && e.sndNxt === e.iss;

const conflict = (reason: Bilingual) => new ApiError('CONFLICT', reason);

/**
 * Turning Linux on for a lab: the instructor, or a solo student (a lab whose other side has no seat) for the side
 * nobody plays, not while their class takes a quiz. Hidden where the server cannot do it: `GET /api/linux-peer`
 * says unavailable, and why. Turning it on or off is an entry of the lab's log (a `linux-peer` control).
 */
@ApiTags('linux-peer')
@ApiBearerAuth()
@Controller()
export class LinuxPeerController {
  constructor(
    private readonly linux: LinuxPeerService,
    private readonly labs: LabsService,
    private readonly quiz: QuizService,
  ) {}

  @Get('linux-peer')
  @UseGuards(PrincipalGuard)
  @ApiOperation({
    summary: 'Whether the real Linux kernel can play a lab endpoint on this server, and if not why',
  })
  @ApiResponse({ status: 200, description: '{available: true} or {available: false, reason: {en, zh}}' })
  availability() {
    return this.linux.availability();
  }

  @Get('labs/:id/linux-peer')
  @UseGuards(PrincipalGuard)
  @ApiOperation({ summary: 'Which endpoint Linux plays in the lab, and each of its moves beside tcp-core' })
  @ApiResponse({
    status: 200,
    description:
      '{role: "client"|"server"|null, family: 4|6|null, moves: KernelMove[]}; KernelMove = {step, role, linux:{sent, state}, predicted:{sent, state}, agreed, differences:[{what:{en,zh}, allowedBy?}]}',
  })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') labId: string) {
    await this.labs.authorize(principal, labId);
    return {
      role: this.linux.roleIn(labId),
      family: this.linux.familyIn(labId),
      moves: this.linux.movesOf(labId),
    };
  }

  @Post('labs/:id/linux-peer')
  @HttpCode(200)
  @UseGuards(PrincipalGuard)
  @ApiOperation({
    summary: 'Let the real Linux kernel play one endpoint of the lab',
    description:
      'The side must have no seat, the lab the Linux 6.x profile (the comparison is with it), and the side must not have done anything yet this round but listen; a student may not while their class takes a quiz. Recorded as a `linux-peer` control entry. 503 where the server cannot create network namespaces.',
  })
  @ApiZodBody(LinuxPeerBody)
  @ApiResponse({ status: 200, description: '{role}' })
  @ApiResponse({
    status: 409,
    description:
      'CONFLICT: a seat plays that side, the profile is not linux, the side already moved, or a quiz is running',
  })
  @ApiResponse({
    status: 503,
    description: 'SERVICE_UNAVAILABLE: Linux cannot play here (the reason says why)',
  })
  async turnOn(
    @CurrentPrincipal() principal: Principal,
    @Param('id') labId: string,
    @Body(new ZodValidationPipe(LinuxPeerBody)) body: LinuxPeerBody,
  ) {
    const availability = this.linux.availability();
    if (!availability.available) throw new ApiError('SERVICE_UNAVAILABLE', availability.reason);
    const { viewer } = await this.labs.authorize(principal, labId);
    const { role } = body;
    if (viewer.kind === 'seat' && viewer.role === role)
      throw new ApiError('FORBIDDEN', {
        en: 'you play this side yourself: Linux can only play the other one',
        zh: '这一方由你自己扮演：Linux 只能扮演另一方',
      });
    if (principal.kind === 'seat' && (await this.quiz.studentQuizSummary(principal))?.status === 'running')
      throw conflict({
        en: 'your class is taking a quiz: Linux cannot play in your lab until the quiz ends',
        zh: '你的班级正在进行测验：测验结束之前，Linux 不能在你的实验中扮演对端',
      });
    // inside the lab's queue: no move slips between the checks, Linux's start and the entry that records it
    return this.labs.withLab(labId, async () => {
      const row = await this.labs.currentRow(labId);
      if (row.status === 'ended') throw conflict({ en: 'the lab has ended', zh: '实验已经结束' });
      if (seatOf(row, role) !== null)
        throw conflict({
          en: `a student plays the ${role}: Linux can only play a side nobody plays`,
          zh: `${sideName(role).zh}由学生扮演：Linux 只能扮演无人扮演的一方`,
        });
      if (this.linux.roleIn(labId) !== null)
        throw conflict({
          en: `Linux already plays the ${this.linux.roleIn(labId)} in this lab`,
          zh: `Linux 已经在这个实验中扮演${sideName(this.linux.roleIn(labId)!).zh}`,
        });
      const lab = labState(row);
      if (lab.settings.profile !== 'linux')
        throw conflict({
          en: "Linux is compared with tcp-core's Linux 6.x profile: choose that profile for the lab first",
          zh: 'Linux 要与 tcp-core 的 Linux 6.x 配置比较：请先为实验选择这个配置',
        });
      const listening = onlyListening(lab[role]);
      if (!untouched(lab[role]) && !listening)
        throw conflict({
          en: `the ${role} has already moved this round: Linux can take it over at the start of a round (a server that only listens, too)`,
          zh: `${sideName(role).zh}在本轮已经有过动作：Linux 只能在一轮开始时接手（只在监听的服务器也可以）`,
        });
      await this.linux.open(labId, role, lab.settings, row.round, listening, body.family ?? 4);
      try {
        await this.labs.recordLinuxPeer(labId, role, actorOf(viewer), actorKeyOf(principal));
      } catch (error) {
        await this.linux.close(labId); // not recorded: Linux does not play
        throw error;
      }
      return { role, family: body.family ?? 4 };
    });
  }

  @Delete('labs/:id/linux-peer')
  @UseGuards(PrincipalGuard)
  @ApiOperation({ summary: 'Linux no longer plays in the lab (its namespace is deleted)' })
  @ApiResponse({ status: 200, description: '{role: null}' })
  async turnOff(@CurrentPrincipal() principal: Principal, @Param('id') labId: string) {
    const { viewer } = await this.labs.authorize(principal, labId);
    return this.labs.withLab(labId, async () => {
      if (this.linux.roleIn(labId) === null) return { role: null };
      await this.linux.close(labId);
      await this.labs.recordLinuxPeer(labId, null, actorOf(viewer), actorKeyOf(principal));
      return { role: null };
    });
  }
}

/** Who turned Linux on or off, as the log names actors: the student's side, or the instructor. */
const actorOf = (viewer: Viewer): Actor => (viewer.kind === 'seat' ? viewer.role : 'instructor');
