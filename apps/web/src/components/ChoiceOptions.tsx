/** The <option>s of a select over one of tcp-core's enums, labelled from its choices (declared once, en/zh). */
import type { Choice } from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';

export function ChoiceOptions<T extends string>({ choices }: { choices: readonly Choice<T>[] }) {
  const { pick } = useLang();
  return (
    <>
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {pick(choice.label)}
        </option>
      ))}
    </>
  );
}
