// Layering: arrows point down. faces (cli, server) -> store -> engine/policy -> algorithms -> vocabulary.
const vocabulary = '^src/(core|taxonomy)/';
const algorithms = '^src/(crypto|transform|detect|anonymize|dp|geo|classify)/';
const orchestration = '^src/(engine|policy)/';
const store = '^src/store/';
const faces = '^src/(cli|server|demo)/';

module.exports = {
  forbidden: [
    { name: 'vocabulary-is-the-floor', severity: 'error', from: { path: vocabulary },
      to: { path: `${algorithms}|${orchestration}|${store}|${faces}` } },
    { name: 'algorithms-are-pure', severity: 'error', from: { path: algorithms },
      to: { path: `${orchestration}|${store}|${faces}` } },
    { name: 'engine-below-store', severity: 'error', from: { path: orchestration }, to: { path: `${store}|${faces}` } },
    { name: 'store-below-faces', severity: 'error', from: { path: store }, to: { path: faces } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
