import { act, fireEvent, render, screen } from '@testing-library/react';
import i18n, { initialLanguage } from '../src/i18n';
import { LanguageToggle } from '../src/components/LanguageToggle';
import { JoinPage } from '../src/pages/JoinPage';

describe('language switch', () => {
  it('changes the text at once, updates <html lang> and is remembered', () => {
    render(
      <>
        <LanguageToggle />
        <JoinPage />
      </>,
    );
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Join your class');
    expect(document.documentElement.lang).toBe('en');
    act(() => fireEvent.click(screen.getByRole('button', { name: '中文' })));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('加入课堂');
    expect(screen.getByRole('button', { name: '中文' })).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('tcp-lab.lang')).toBe('zh');
    expect(initialLanguage()).toBe('zh');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'English' })));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Join your class');
    expect(initialLanguage()).toBe('en');
  });

  it('has every English text in Chinese too', () => {
    const en = i18n.getResourceBundle('en', 'translation');
    const zh = i18n.getResourceBundle('zh', 'translation');
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });
});
