/**
 * i18next with the two languages of the course. The choice is remembered in localStorage and mirrored in
 * <html lang> so screen readers and fonts follow it.
 */
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Bilingual } from '@tcp-lab/tcp-core';
import en from './en.json';
import zh from './zh.json';

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];
const STORAGE_KEY = 'tcp-lab.lang';

export function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // no storage: fall through to the browser's preference
  }
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function applyHtmlLang(lang: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function setupI18n(lang: Language = initialLanguage()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { en: { translation: en }, zh: { translation: zh } },
      lng: lang,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    i18n.on('languageChanged', (next) => {
      applyHtmlLang(next);
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // not remembered, still switched
      }
    });
  } else if (i18n.language !== lang) {
    void i18n.changeLanguage(lang);
  }
  applyHtmlLang(lang);
  followOtherTabs();
  return i18n;
}

let following = false;
/** Another tab of the same browser switched language: this one follows (the storage event fires only in others). */
function followOtherTabs(): void {
  if (following || typeof window === 'undefined') return;
  following = true;
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    if ((event.newValue === 'en' || event.newValue === 'zh') && event.newValue !== i18n.language)
      void i18n.changeLanguage(event.newValue);
  });
}

export function currentLanguage(): Language {
  return i18n.language === 'zh' ? 'zh' : 'en';
}

/** `t` plus `pick` for the {en, zh} values that come from tcp-core and the server. */
export function useLang() {
  const { t, i18n: instance } = useTranslation();
  const lang: Language = instance.language === 'zh' ? 'zh' : 'en';
  const pick = (text: Bilingual | undefined | null): string => (text ? text[lang] || text.en : '');
  return { t, lang, pick, setLang: (next: Language) => void instance.changeLanguage(next) };
}

export default i18n;
