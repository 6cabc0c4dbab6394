import { useLang, type Language } from '../i18n';

const NAMES: Record<Language, string> = { en: 'English', zh: '中文' };

/** Always visible; the choice is remembered (see i18n/index.ts). */
export function LanguageToggle() {
  const { t, lang, setLang } = useLang();
  return (
    <div className="language-toggle" role="group" aria-label={t('app.language')}>
      {(Object.keys(NAMES) as Language[]).map((code) => (
        <button
          key={code}
          type="button"
          aria-pressed={lang === code}
          lang={code === 'zh' ? 'zh-CN' : 'en'}
          onClick={() => setLang(code)}
          data-lang={code}
        >
          {NAMES[code]}
        </button>
      ))}
    </div>
  );
}
