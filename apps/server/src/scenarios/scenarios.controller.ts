import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SCENARIOS, resolveSettings } from '@tcp-lab/tcp-core';
import type { ScenarioSummary } from '@tcp-lab/lab-protocol';

/** The scenario catalogue an instructor picks a lab from (tcp-core's SCENARIOS; public, nothing secret in it). */
@ApiTags('labs')
@Controller('scenarios')
export class ScenariosController {
  @Get()
  @ApiOperation({ summary: 'Lab scenarios: one per seed path and special transition' })
  @ApiResponse({ status: 200, description: '[{id, title{en,zh}, goal{en,zh}, mode, network}]' })
  list(): ScenarioSummary[] {
    return SCENARIOS.map((scenario) => {
      const settings = resolveSettings(scenario.script.settings);
      return {
        id: scenario.id,
        title: scenario.title,
        goal: scenario.goal,
        mode: settings.mode,
        network: settings.network,
      };
    });
  }
}
