/**
 * The scoring rule, in one place (documented in apps/server/QUIZ.md):
 *   - a task expects a fixed list of decisions from each role (its plan: one per event the role must answer);
 *   - each decision is worth 1 point when the answer (state and segments) equals the reference machine's;
 *   - an incorrect answer scores 0 for that decision only: the lab goes on from the correct answer;
 *   - a decision not answered when the task ends (time limit, quiz ended) is missed and scores 0;
 *   - task score = correct decisions (out of the decisions expected); quiz total = sum of task scores.
 * Everything here is pure: grades are computed from the plan and the run's transcript entries, so a regrade of the
 * same transcripts gives the same numbers.
 */
import type { Answer, Bilingual, PlannedDecision, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { DecisionMistake, DecisionOutcome, GradebookRow, MissedTransition } from '@tcp-lab/lab-protocol';

export interface GradedDecision {
  index: number;
  ruleId: string | null;
  event: Bilingual;
  outcome: DecisionOutcome;
  given?: Answer;
  expected?: Answer;
  mistake?: DecisionMistake;
}

export interface TaskGrade {
  expected: number;
  answered: number;
  correct: number;
  decisions: GradedDecision[];
}

/**
 * Pairs the role's answers (its answer entries, in transcript order) with the plan. When the task is over, any
 * decision left unanswered is missed; while it runs, it is open.
 */
export function gradeTask(
  plan: readonly PlannedDecision[],
  answers: readonly TranscriptEntry[],
  over: boolean,
): TaskGrade {
  const decisions = plan.map((planned, i): GradedDecision => {
    const entry = answers[i];
    const base = { index: planned.index, ruleId: planned.ruleId, event: planned.event };
    if (!entry) return { ...base, outcome: over ? 'missed' : 'open' };
    const given = (entry.move as { answer?: Answer }).answer;
    const graded: GradedDecision = { ...base, outcome: entry.correct ? 'correct' : 'incorrect' };
    if (given) graded.given = given;
    if (entry.expected) graded.expected = entry.expected;
    if (entry.mistake) graded.mistake = entry.mistake;
    return graded;
  });
  return {
    expected: plan.length,
    answered: Math.min(answers.length, plan.length),
    correct: decisions.filter((d) => d.outcome === 'correct').length,
    decisions,
  };
}

export interface GradebookTask {
  id: string;
  position: number;
  title: Bilingual;
}

const csvField = (value: string | number): string => {
  const text = String(value);
  // Spreadsheet software runs a cell starting with = + - @ as a formula: quote it as text (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One row per student, one column per task (points), then total, max and percent. */
export function gradebookCsv(
  tasks: readonly GradebookTask[],
  rows: readonly GradebookRow[],
  language: 'en' | 'zh' = 'en',
): string {
  const head = [
    language === 'zh' ? '学生' : 'student',
    language === 'zh' ? '座位编号' : 'seat_id',
    ...tasks.map((task) => `T${task.position + 1} ${task.title[language]}`),
    language === 'zh' ? '总分' : 'total',
    language === 'zh' ? '满分' : 'max',
    language === 'zh' ? '百分比' : 'percent',
  ];
  const lines = [head.map(csvField).join(',')];
  for (const row of rows) {
    const percent = row.max === 0 ? 0 : Math.round((1000 * row.total) / row.max) / 10;
    lines.push(
      [row.displayName, row.seatId, ...row.cells.map((cell) => cell.points), row.total, row.max, percent]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The class's transitions, most missed first (incorrect + unanswered), over every decided decision. */
export function mostMissed(decisionLists: readonly (readonly GradedDecision[])[]): MissedTransition[] {
  const byRule = new Map<string, MissedTransition>();
  for (const list of decisionLists) {
    for (const decision of list) {
      if (decision.outcome === 'open' || decision.ruleId === null) continue;
      const row = byRule.get(decision.ruleId) ?? {
        ruleId: decision.ruleId,
        decisions: 0,
        correct: 0,
        incorrect: 0,
        missed: 0,
      };
      row.decisions += 1;
      row[decision.outcome] += 1;
      byRule.set(decision.ruleId, row);
    }
  }
  return [...byRule.values()].sort(
    (a, b) =>
      b.incorrect + b.missed - (a.incorrect + a.missed) ||
      b.decisions - a.decisions ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
