/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking happens once in `npm test` (tsc --noEmit); with isolatedModules
    // set in tsconfig.json, ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // The examples import the library by its package name, and take their peers from the
  // repository's node_modules even when examples/node_modules is installed (tsconfig.json `paths`).
  moduleNameMapper: {
    '^clusterforge$': '<rootDir>/lib',
    '^clusterforge/pulumi$': '<rootDir>/lib/pulumi',
    '^clusterforge/constructs$': '<rootDir>/constructs',
    '^(cdk8s|constructs|@pulumi/pulumi|@pulumi/kubernetes)$': '<rootDir>/node_modules/$1',
  },
  testTimeout: 120000,
};
