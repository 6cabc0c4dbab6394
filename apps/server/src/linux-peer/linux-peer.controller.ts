import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RoleSchema, type Bilingual, type Endpoint } from '@tcp-lab/tcp-core';
import { z } from 'zod';
import { InstructorGuard, CurrentPrincipal, PrincipalGuard } from '../auth/guards';
import { ApiError } from '../common/api-error';
import { ApiZodBody } from '../common/api-zod';
import { ZodValidationPipe } from '../common/validation';
import type { Principal } from '../labs/lab-principal';
import { labState, seatOf } from '../labs/lab-views';
import { LabsService } from '../labs/labs.service';
import { LinuxPeerService } from './linux-peer.service';

export const LinuxPeerBody = z.strictObject({ role: RoleSchema });
export type LinuxPeerBody = z.infer<typeof LinuxPeerBody>;

/** The endpoint has done nothing yet this round: Linux can take it over from the start. */
const untouched = (e: Endpoint) =>
  e.state === 'CLOSED' && e.irs === null && !e.passiveOpen && e.sndNxt === e.iss;

const conflict = (reason: Bilingual) => new ApiError('CONFLICT', reason);

/**
 * Turning Linux on for a lab: the instructor, or a solo student for the side nobody plays. Hidden where the
 * server cannot do it: `GET /api/linux-peer` says unavailable, and why.
 */
@ApiTags('linux-peer')
@ApiBearerAuth()
@Controller()
export class LinuxPeerController {
  constructor(
    private readonly linux: LinuxPeerService,
    private readonly labs: LabsService,
  ) {}

  @Get('linux-peer')
  @UseGuards(InstructorGuard)
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
      '{role: "client"|"server"|null, moves: KernelMove[]}; KernelMove = {step, role, linux:{sent, state}, predicted:{sent, state}, agreed, differences:[{what:{en,zh}, allowedBy?}]}',
  })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') labId: string) {
    await this.labs.authorize(principal, labId);
    return { role: this.linux.roleIn(labId), moves: this.linux.movesOf(labId) };
  }

  @Post('labs/:id/linux-peer')
  @HttpCode(200)
  @UseGuards(PrincipalGuard)
  @ApiOperation({
    summary: 'Let the real Linux kernel play one endpoint of the lab',
    description:
      'The side must have no seat, the lab the Linux 6.x profile (the comparison is with it), and the side must not have done anything yet this round. 503 where the server cannot create network namespaces.',
  })
  @ApiZodBody(LinuxPeerBody)
  @ApiResponse({ status: 200, description: '{role}' })
  @ApiResponse({
    status: 409,
    description: 'CONFLICT: a seat plays that side, the profile is not linux, or the side already moved',
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
    const { row, viewer } = await this.labs.authorize(principal, labId);
    const { role } = body;
    if (viewer.kind === 'seat' && viewer.role === role)
      throw new ApiError('FORBIDDEN', {
        en: 'you play this side yourself: Linux can only play the other one',
        zh: '这一方由你自己扮演：Linux 只能扮演另一方',
      });
    if (row.status === 'ended') throw conflict({ en: 'the lab has ended', zh: '实验已经结束' });
    if (seatOf(row, role) !== null)
      throw conflict({
        en: `a student plays the ${role}: Linux can only play a side nobody plays`,
        zh: `${role === 'client' ? '客户端' : '服务器'}由学生扮演：Linux 只能扮演无人扮演的一方`,
      });
    const lab = labState(row);
    if (lab.settings.profile !== 'linux')
      throw conflict({
        en: "Linux is compared with tcp-core's Linux 6.x profile: choose that profile for the lab first",
        zh: 'Linux 要与 tcp-core 的 Linux 6.x 配置比较：请先为实验选择这个配置',
      });
    if (!untouched(lab[role]))
      throw conflict({
        en: `the ${role} has already moved this round: Linux can take it over at the start of a round`,
        zh: `${role === 'client' ? '客户端' : '服务器'}在本轮已经有过动作：Linux 只能在一轮开始时接手`,
      });
    await this.linux.open(labId, role, lab.settings, row.round);
    return { role };
  }

  @Delete('labs/:id/linux-peer')
  @UseGuards(PrincipalGuard)
  @ApiOperation({ summary: 'Linux no longer plays in the lab (its namespace is deleted)' })
  @ApiResponse({ status: 200, description: '{role: null}' })
  async turnOff(@CurrentPrincipal() principal: Principal, @Param('id') labId: string) {
    await this.labs.authorize(principal, labId);
    await this.linux.close(labId);
    return { role: null };
  }
}
