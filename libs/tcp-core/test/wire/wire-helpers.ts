import { createLab, newTranscript, record, SCENARIOS } from '../../src/api';
import type { LabScript, Transcript } from '../../src/types';

/** The transcript a script's moves make, as the server and the CLI record it. */
export function transcriptOf(script: LabScript): Transcript {
  const transcript = newTranscript(createLab(script.settings).settings, script.title);
  let lab = createLab(transcript.settings);
  for (const move of script.moves) lab = record(transcript, lab, move, 'system').lab;
  return transcript;
}

export const scenarioTranscript = (id: string): Transcript => {
  const scenario = SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  return transcriptOf(scenario.script);
};
