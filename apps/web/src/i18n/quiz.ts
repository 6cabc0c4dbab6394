/**
 * The quiz's texts, kept in their own files (quiz.en.json, quiz.zh.json) and merged into the `quiz` section of the
 * translation namespace when a quiz screen first renders, so `t('quiz.…')` works like every other key.
 */
import i18n from './index';
import en from './quiz.en.json';
import zh from './quiz.zh.json';

export const QUIZ_TEXTS = { en, zh };

export function ensureQuizTexts(): void {
  if (!i18n.isInitialized || i18n.exists('quiz.link')) return;
  i18n.addResourceBundle('en', 'translation', { quiz: en }, true, false);
  i18n.addResourceBundle('zh', 'translation', { quiz: zh }, true, false);
}
