/**
 * The TCP settings an instructor may choose when pairing (the pairing body's `settings`, tcp-core's
 * LabSettingsChoiceSchema): the profile, when the application reads, the receive buffer, the MSS and window scale a
 * SYN carries, and how long TIME_WAIT lasts. A field left empty keeps the scenario's value (or tcp-core's default).
 * Bounds are tcp-core's SETTING_BOUNDS, the ones its schema checks; a value outside them is refused here with its
 * reason in both languages, and nothing is sent.
 */
import type { ReactNode } from 'react';
import {
  APP_READS_CHOICES,
  PROFILE_CHOICES,
  SETTING_BOUNDS,
  type AppReads,
  type Bilingual,
  type LabSettingsChoice,
  type Profile,
} from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import { ChoiceOptions } from './ChoiceOptions';

export interface SettingsDraft {
  profile: Profile | '';
  appReads: AppReads | '';
  rcvWnd: string;
  mss: string;
  /** '' keeps, 'none' = no window scale option, '0' … '14' */
  windowScale: string;
  timeWaitMs: string;
}

export const EMPTY_SETTINGS: SettingsDraft = {
  profile: '',
  appReads: '',
  rcvWnd: '',
  mss: '',
  windowScale: '',
  timeWaitMs: '',
};

const NAMES: Record<keyof typeof SETTING_BOUNDS, Bilingual> = {
  rcvWnd: { en: 'Receive window', zh: '接收窗口' },
  mss: { en: 'MSS', zh: 'MSS' },
  windowScale: { en: 'Window scale', zh: '窗口缩放' },
  timeWaitMs: { en: 'TIME_WAIT length', zh: 'TIME_WAIT 时长' },
};

/** A whole number within the setting's bounds, or the reason it is not. */
function whole(name: keyof typeof SETTING_BOUNDS, text: string): number | Bilingual {
  const { min, max } = SETTING_BOUNDS[name];
  const value = Number(text.trim());
  if (text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max) return value;
  return {
    en: `${NAMES[name].en}: a whole number from ${min} to ${max}, or empty for the scenario's value.`,
    zh: `${NAMES[name].zh}：应为 ${min} 到 ${max} 之间的整数，留空则使用场景的设置。`,
  };
}

/** The pairing body's `settings` from the form, or the reasons some field is not acceptable. */
export function settingsOfDraft(
  draft: SettingsDraft,
): { ok: true; settings: LabSettingsChoice } | { ok: false; problems: Bilingual[] } {
  const settings: LabSettingsChoice = {};
  const problems: Bilingual[] = [];
  const number = (name: keyof typeof SETTING_BOUNDS, text: string, put: (value: number) => void) => {
    if (text.trim() === '') return;
    const value = whole(name, text);
    if (typeof value === 'number') put(value);
    else problems.push(value);
  };
  if (draft.profile) settings.profile = draft.profile;
  if (draft.appReads) settings.appReads = draft.appReads;
  number('rcvWnd', draft.rcvWnd, (value) => (settings.rcvWnd = value));
  number('mss', draft.mss, (value) => (settings.mss = value));
  if (draft.windowScale === 'none') settings.windowScale = null;
  else number('windowScale', draft.windowScale, (value) => (settings.windowScale = value));
  number('timeWaitMs', draft.timeWaitMs, (value) => (settings.timers = { timeWaitMs: value }));
  return problems.length ? { ok: false, problems } : { ok: true, settings };
}

export function PairingSettings({
  value,
  onChange,
}: {
  value: SettingsDraft;
  onChange: (next: SettingsDraft) => void;
}) {
  const { t } = useLang();
  const set = <K extends keyof SettingsDraft>(key: K, next: SettingsDraft[K]) =>
    onChange({ ...value, [key]: next });
  const keep = <option value="">{t('pairingSettings.keep')}</option>;
  const selectField = (key: 'profile' | 'appReads' | 'windowScale', options: ReactNode) => (
    <div className="field">
      <label>
        {t(`pairingSettings.${key}`)}
        <select
          name={key}
          value={value[key]}
          onChange={(e) => set(key, e.target.value as SettingsDraft[typeof key])}
          aria-describedby={`pairing-${key}-hint`}
        >
          {keep}
          {options}
        </select>
      </label>
      <span className="muted small field-hint" id={`pairing-${key}-hint`}>
        {t(`pairingSettings.${key}Hint`)}
      </span>
    </div>
  );
  const numberField = (key: 'rcvWnd' | 'mss' | 'timeWaitMs') => (
    <div className="field">
      <label>
        {t(`pairingSettings.${key}`)}
        <input
          type="number"
          name={key}
          inputMode="numeric"
          min={SETTING_BOUNDS[key].min}
          max={SETTING_BOUNDS[key].max}
          step={1}
          placeholder={t('pairingSettings.keepShort')}
          value={value[key]}
          onChange={(e) => set(key, e.target.value)}
          aria-describedby={`pairing-${key}-hint`}
        />
      </label>
      <span className="muted small field-hint" id={`pairing-${key}-hint`}>
        {t(`pairingSettings.${key}Hint`, SETTING_BOUNDS[key])}
      </span>
    </div>
  );
  return (
    <details className="pairing-settings" data-testid="pairing-settings">
      <summary>{t('pairingSettings.title')}</summary>
      <p className="muted small">{t('pairingSettings.intro')}</p>
      <div className="form form--grid">
        {selectField('profile', <ChoiceOptions choices={PROFILE_CHOICES} />)}
        {selectField('appReads', <ChoiceOptions choices={APP_READS_CHOICES} />)}
        {numberField('rcvWnd')}
        {numberField('mss')}
        {selectField(
          'windowScale',
          <>
            <option value="none">{t('pairingSettings.noWindowScale')}</option>
            {Array.from({ length: SETTING_BOUNDS.windowScale.max + 1 }, (_, shift) => (
              <option key={shift} value={String(shift)}>
                {t('pairingSettings.shift', { shift, factor: 2 ** shift })}
              </option>
            ))}
          </>,
        )}
        {numberField('timeWaitMs')}
      </div>
    </details>
  );
}
