/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  moduleNameMapper: {
    // office-addin-mock imports office-addin-manifest, which reaches an ESM-only module under Jest 30.
    "^office-addin-manifest$": "<rootDir>/test/support/office-addin-manifest.js",
  },
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
};
