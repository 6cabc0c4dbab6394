import { act, fireEvent, render, screen } from '@testing-library/react';
import { joinNotice } from '../src/api/session';
import { LanguageToggle } from '../src/components/LanguageToggle';
import { JoinPage } from '../src/pages/JoinPage';

const removed = {
  en: 'Your seat has been removed from this class. To take part again, join with the class code.',
  zh: '你的座位已从本班移除。如需继续参加，请用班级加入码重新加入。',
};

describe('the join screen after a seat was removed', () => {
  afterEach(() => sessionStorage.clear());

  it('says why the student is back, in the language on screen, and only once', () => {
    joinNotice.set(removed);
    const first = render(
      <>
        <LanguageToggle />
        <JoinPage />
      </>,
    );
    expect(screen.getByTestId('join-notice')).toHaveTextContent(removed.en);
    act(() => fireEvent.click(screen.getByRole('button', { name: '中文' })));
    expect(screen.getByTestId('join-notice')).toHaveTextContent(removed.zh);
    first.unmount();
    render(<JoinPage />);
    expect(screen.queryByTestId('join-notice')).toBeNull();
  });

  it('says nothing to a student who simply opens it', () => {
    render(<JoinPage />);
    expect(screen.queryByTestId('join-notice')).toBeNull();
  });
});
