#!/usr/bin/env bash
# The package as a vendor gets it: build, pack, install the tarball into an empty project and use
# it from there: the CLI, the API from plain Node, and the types from a default `tsc --init`
# project. Needs the npm registry (for the package's dependencies and typescript), nothing else.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$repo"
npm run build
# The build just ran; --ignore-scripts keeps npm pack from running it again through "prepare".
tarball="$work/$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)"
version="$(node -p "require('./package.json').version")"
typescript="$(node -p "require('./package.json').devDependencies.typescript")"

echo "== the tarball carries only what runs"
shipped="$(tar -tzf "$tarball")"
if grep -E '\.test\.|test-support/|fixtures/|/bench/|/robustness/|/layers/|\.ts$' <<<"$shipped" | grep -v '\.d\.ts$'; then
  echo "The tarball ships the files above, which do not run." >&2
  exit 1
fi
for file in package/LICENSE package/CHANGELOG.md package/README.md package/config.schema.json \
  package/dist/harness/cli/tpb-conformance.js package/dist/harness/public.d.ts; do
  grep -qx "$file" <<<"$shipped" || { echo "The tarball lacks $file." >&2; exit 1; }
done

project="$work/project"
mkdir "$project"
cd "$project"
npm init -y >/dev/null
npm pkg set type=module
npm install --no-audit --no-fund --loglevel=error "$tarball"

echo "== the CLI"
shown="$(npx tpb-conformance --version)"
[ "$shown" = "$version" ] || { echo "--version printed '$shown', expected '$version'." >&2; exit 1; }
CI=true npx tpb-conformance run
test -s tpb-report/report.json && test -s tpb-report/index.html

echo "== the API from plain Node (ESM)"
cat >api.mjs <<'EOF'
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { certify, defineConfig } from 'tpb-conformance';

const config = defineConfig({ rules: ['CE-STATE-*'] });
const report = await certify(config);
if (report.verdict === 'fail' || report.results.length === 0) {
  throw new Error(`certify() of the example bot: verdict ${report.verdict}, ${report.results.length} result(s).`);
}
for (const entry of ['tpb-conformance/vitest', 'tpb-conformance/config.schema.json']) {
  if (!existsSync(fileURLToPath(import.meta.resolve(entry)))) throw new Error(`${entry} is missing.`);
}
console.log(`certify(): ${report.results.length} result(s), verdict ${report.verdict}.`);
EOF
node api.mjs

echo "== the types from a default tsc --init project"
npm install --no-audit --no-fund --loglevel=error --save-dev "typescript@$typescript"
npx tsc --init >/dev/null
cat >tpb.config.ts <<'EOF'
import { defineConfig } from 'tpb-conformance';

export default defineConfig({
  rules: ['CE-STATE-*'],
  reportDir: './config-report',
  utterances: { transfer: 'talk to an agent' },
});
EOF
cat >types.ts <<'EOF'
import { certify, defineConfig, type Report } from 'tpb-conformance';

export async function verdictOf(botId: string): Promise<Report['verdict']> {
  const report = await certify({ kind: 'custom-endpoint', baseUrl: 'http://127.0.0.1:8080', botId });
  return report.verdict;
}

// @ts-expect-error: the types are real, so an unknown kind does not compile.
defineConfig({ kind: 'no-such-kind' });
EOF
npx tsc --noEmit
# The CLI loads the same file through tsx, imported lazily from the installed package.
CI=true npx tpb-conformance run
test -s config-report/report.json

echo "Package smoke test passed: tpb-conformance $version from $(basename "$tarball")."
