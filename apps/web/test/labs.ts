/** Real labs for component tests: moves applied by tcp-core itself, recorded as the server records them. */
import {
  createLab,
  newTranscript,
  record,
  type Actor,
  type Lab,
  type LabSettingsInput,
  type Move,
  type Transcript,
} from '@tcp-lab/tcp-core';

export function play(
  moves: Move[],
  settings: LabSettingsInput = { isn: { client: 1000, server: 5000 } },
): { lab: Lab; transcript: Transcript } {
  let lab = createLab(settings);
  const transcript = newTranscript(lab.settings);
  for (const move of moves) {
    const actor: Actor = move.by === 'network' || move.by === 'clock' ? 'system' : move.by;
    const result = record(transcript, lab, move, actor);
    lab = result.lab;
  }
  return { lab, transcript };
}
