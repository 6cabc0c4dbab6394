/** Component tests: React in jsdom, tcp-core and lab-protocol from their sources (no lib build needed). */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'web',
  testEnvironment: 'jsdom',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@tcp-lab/tcp-core$': '<rootDir>/../../libs/tcp-core/src/index.ts',
    '^@tcp-lab/lab-protocol$': '<rootDir>/../../libs/lab-protocol/src/index.ts',
    '\\.css$': '<rootDir>/test/style-stub.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testMatch: ['<rootDir>/test/**/*.spec.ts?(x)'],
};
