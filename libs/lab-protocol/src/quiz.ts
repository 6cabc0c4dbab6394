/**
 * Quiz mode's wire types belong here too (quiz HTTP bodies and answers, `quiz:*` socket payloads and acks).
 * They are still declared twice, in apps/server/src/quiz/quiz-views.ts and
 * apps/web/src/components/quiz/quizApi.ts, because quiz mode was being finished while this library was made;
 * move them here and import them on both sides, as was done for labs.
 */
export {};
