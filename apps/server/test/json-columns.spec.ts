import { createLab, resolveSettings } from '@tcp-lab/tcp-core';
import { CorruptColumnError, parseColumn } from '../src/database/json-columns';
import { http, LogCapture, setUpClassroom, startTestServer } from './support';
import { pairAndStart } from './support-labs/labs';

/** JSON columns are parsed with a schema where they are read: a row that does not hold its column's shape fails loudly. */
describe('JSON columns parsed at the repository boundary', () => {
  test('a stored lab parses to the same value, keeping keys the schema does not list', () => {
    const lab = { ...createLab(resolveSettings({})), futureField: [1] };
    expect(parseColumn('labState', lab, 'Lab.state', 'lab-1')).toEqual(lab);
  });

  test('a value of the wrong shape throws, naming the column, the row and the problem', () => {
    const broken = { ...createLab(resolveSettings({})), clock: 'soon' };
    expect(() => parseColumn('labState', broken, 'Lab.state', 'lab-1')).toThrow(CorruptColumnError);
    expect(() => parseColumn('labState', broken, 'Lab.state', 'lab-1')).toThrow(
      /^Lab\.state of row lab-1 is not a labState: clock: /,
    );
    expect(() => parseColumn('transcriptEntry', { step: 0 }, 'LabMove.entry', 'm1')).toThrow(
      /LabMove\.entry/,
    );
    expect(() => parseColumn('bilingual', { en: 'only English' }, 'QuizTask.title', 't1')).toThrow(/zh/);
  });

  test('over HTTP a corrupt row is a 500 INTERNAL_ERROR whose log line names the row, not a cast gone wrong later', async () => {
    const logs = new LogCapture();
    const server = await startTestServer({ logs });
    try {
      const { instructor, classroom } = await setUpClassroom(server.url, ['Ann', 'Ben']);
      const [lab] = await pairAndStart(server.url, instructor.token, classroom.id, { strategy: 'auto' });
      // an open lab lives in the server's memory (the master's copy); an ended one is read from its row again
      const ended = await http(server.url, 'POST', `/api/labs/${lab.id}/control`, {
        token: instructor.token,
        body: { action: 'end' },
      });
      expect(ended.status).toBe(200);
      await server.prisma.lab.update({ where: { id: lab.id }, data: { state: { hello: 'world' } } });
      const answer = await http(server.url, 'GET', `/api/labs/${lab.id}`, { token: instructor.token });
      expect(answer.status).toBe(500);
      expect(answer.body.error.code).toBe('INTERNAL_ERROR');
      expect(JSON.stringify(answer.body)).not.toContain('Lab.state');
      expect(logs.errors().map((line) => String(line.msg ?? line.err))).toEqual([
        expect.stringContaining(`Lab.state of row ${lab.id} is not a labState`),
      ]);
    } finally {
      await server.close();
    }
  });
});
