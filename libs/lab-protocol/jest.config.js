/** @type {import('jest').Config} */
module.exports = {
  displayName: 'lab-protocol',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@tcp-lab/tcp-core$': '<rootDir>/../../libs/tcp-core/src/index.ts' },
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  collectCoverageFrom: ['src/**/*.ts'],
  coverageDirectory: '../../coverage/libs/lab-protocol',
};
