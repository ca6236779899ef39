#!/usr/bin/env bash
# Shrinks a fuzz target's corpus to the inputs that keep its coverage, for committing
# (docs/fuzzing.md). Coverage here means edges reached (-use_counters=0: not how often), and
# the smallest set of inputs covering them (-set_cover_merge=1): tens of inputs instead of
# hundreds, so that mvn verify replays them in seconds. The full generated corpus stays local
# for the next fuzzing run. Runs libFuzzer's merge through Jazzer's standalone driver over the
# generated corpus (<module>/.cifuzz-corpus) and the committed inputs, and replaces the
# committed inputs with the result; crash-* files (regression inputs of fixed bugs) are kept
# as they are. Build first (mvn -B install -DskipTests, or test-compile of the reactor).
#
#   build/fuzz-merge.sh protocol dev.sio4j.protocol.socketio.SocketDecoderFuzzTest decoderWithBinaryReconstruction
set -euo pipefail
cd "$(dirname "$0")/.."
module=$1 class=$2 method=$3
root=$PWD
inputs=$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method
generated=$module/.cifuzz-corpus/$class/$method
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -o -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
# The project's own modules from their target/classes (this checkout), not from ~/.m2.
cp=$(sed -E "s#[^:]*/dev/sio4j/sio4j-([a-z-]+)/[^/]+/[^:]+\.jar#$root/\1/target/classes#g" "$work/cp")
cp=$root/$module/target/test-classes:$root/$module/target/classes:$cp

mkdir -p "$work/out" "$work/in" "$inputs"
cp "$inputs"/* "$work/in/" 2>/dev/null || true
rm -f "$work/in"/crash-*
[ -d "$generated" ] && cp "$generated"/* "$work/in/"
(cd "$module" && java -Xss1m -cp "$cp" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" --target_method="$method" \
    --instrumentation_includes='dev.sio4j.**' --custom_hook_includes='dev.sio4j.**' \
    -merge=1 -set_cover_merge=1 -use_counters=0 "$work/out" "$work/in" 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' || true)
find "$inputs" -maxdepth 1 -type f ! -name 'crash-*' -delete
cp "$work/out"/* "$inputs/"
echo "$inputs: $(ls "$inputs" | wc -l) files, $(cat "$inputs"/* | wc -c) bytes"
