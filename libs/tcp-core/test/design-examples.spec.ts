/** The committed copies of the design page's examples are the shared ones, byte for byte, wherever shared/ exists. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, SHARED_EXAMPLES } from './fixtures/design-examples';

const committed = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

describe('design examples', () => {
  it('both examples of lab-script.md are committed', () => {
    expect(committed.sort()).toEqual(['normal-open-close.json', 'refused.json']);
  });

  (existsSync(SHARED_EXAMPLES) ? it.each(committed) : it.skip.each(committed))(
    '%s matches shared/design/examples beside the repository',
    (file) => {
      expect(readFileSync(join(EXAMPLES, file), 'utf8')).toBe(
        readFileSync(join(SHARED_EXAMPLES, file), 'utf8'),
      );
    },
  );
});
