import '@testing-library/jest-dom';
import { setupI18n } from '../src/i18n';

// Every test starts in English with nothing remembered.
beforeEach(() => {
  localStorage.clear();
  setupI18n('en');
});
