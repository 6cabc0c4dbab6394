/**
 * The lab clock's pace (lab ms per real ms, `LabSummary.clockRate`): a select for the instructor and a sentence
 * for the student. A stopped clock (0) suits beginners delivering segments by hand: no timer fires while they
 * are still clicking, they let it fire when the lesson needs it.
 */
import { useLang } from '../i18n';

/** The paces offered in the selects (value → text key); any other value the server reports is shown as "N×". */
const PACE_NAMES: Record<string, string> = {
  '0': 'clock.stopped',
  '0.1': 'clock.slow',
  '1': 'clock.realTime',
  '10': 'clock.fast',
};
/** slowest first (object keys would put '0.1' last: integer-like keys come first) */
export const CLOCK_PACES = ['0', '0.1', '1', '10'];
/** The select's value for a stopped clock (`clockRate: 0`). */
export const STOPPED_PACE = '0';
/** The select's value for "the server's LAB_TIME_SCALE" (`clockRate: null`). */
export const SERVER_DEFAULT_PACE = '';

/** The select's value as the contract's clockRate: a number, or null for the server's default. */
export function clockRateOf(choice: string): number | null {
  return choice === SERVER_DEFAULT_PACE ? null : Number(choice);
}

/** A pace in words: "Stopped — …", "Fast (10×)", or "2.5×". */
export function usePaceName(): (rate: number) => string {
  const { t } = useLang();
  return (rate) => {
    const key = PACE_NAMES[String(rate)];
    return key ? t(key) : t('clock.other', { rate });
  };
}

export function ClockSelect({
  value,
  onChange,
  name = 'clockRate',
  withDefault = true,
}: {
  value: string;
  onChange: (choice: string) => void;
  name?: string;
  /** offer "Server default" (null) */
  withDefault?: boolean;
}) {
  const { t } = useLang();
  const paceName = usePaceName();
  return (
    <label>
      {t('clock.label')}
      <select value={value} onChange={(e) => onChange(e.target.value)} name={name}>
        {withDefault && <option value={SERVER_DEFAULT_PACE}>{t('clock.default')}</option>}
        {!withDefault && value !== '' && !CLOCK_PACES.includes(value) && (
          <option value={value}>{paceName(Number(value))}</option>
        )}
        {CLOCK_PACES.map((pace) => (
          <option key={pace} value={pace}>
            {paceName(Number(pace))}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What the student needs to know about the clock: does it run by itself, and how fast. */
export function ClockStatus({ clockRate }: { clockRate: number }) {
  const { t } = useLang();
  return (
    <p className="muted clock-status" data-testid="clock-status">
      {clockRate === 0 ? t('clock.statusStopped') : t('clock.statusRunning', { rate: clockRate })}
    </p>
  );
}
