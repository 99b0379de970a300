#!/usr/bin/env bash
# Coverage-guided fuzzing of one Nabla reader with SharpFuzz and AFL++ (see tools/fuzz/README.md).
#
#   tools/fuzz/sharpfuzz.sh [TARGET] [SECONDS]        defaults: safetensors 600
#
# 1. installs what is missing: afl-fuzz (Debian package afl++, needs root) and the `sharpfuzz` dotnet tool
#    (NuGet SharpFuzz.CommandLine, installed into tools/fuzz/.tools);
# 2. publishes tools/fuzz/Nabla.Fuzz and instruments its copy of Nabla.dll, so AFL sees which branches of Nabla
#    each input takes (System.Text.Json and the runtime are not instrumented);
# 3. writes the target's seeds as AFL's input folder and runs afl-fuzz for SECONDS on one core, niced.
# Findings: tools/fuzz/findings/afl-TARGET/out/default/{crashes,hangs}; replay one with the plain build (the
# instrumented Nabla.dll only runs under afl-fuzz: elsewhere its coverage map is missing and it crashes):
#   dotnet run --project tools/fuzz/Nabla.Fuzz -c Release -- replay --target TARGET FILE
# Run it again to resume where the last run stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."

target=${1:-safetensors}
seconds=${2:-600}
tools=tools/fuzz/.tools
published=tools/fuzz/out/afl
work=tools/fuzz/findings/afl-$target

if ! command -v afl-fuzz >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends afl++
    else
        echo "afl-fuzz is missing: install the Debian package afl++ (as root: apt-get install afl++)" >&2
        exit 1
    fi
fi
if [ ! -x "$tools/sharpfuzz" ]; then
    dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools"
fi

rm -rf "$published"
dotnet publish tools/fuzz/Nabla.Fuzz -c Release -o "$published" -v quiet -nologo
mkdir -p "$work"
dotnet "$published/Nabla.Fuzz.dll" seeds --target "$target" --out "$work/in" # before instrumenting: see above
"$tools/sharpfuzz" "$published/Nabla.dll"

# The target is `dotnet`, not an AFL-compiled binary (SKIP_BIN_CHECK); crashes are .NET exceptions that SharpFuzz
# reports, not core dumps (MISSING_CRASHES); no CPU pinning, so a busy machine does not stop it (NO_AFFINITY).
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_NO_UI=1 AFL_AUTORESUME=1
# -t: a .NET input gets 5 s before it counts as a hang (the first ones JIT); -m none: the runtime reserves much
# virtual memory.
nice -n 10 afl-fuzz -i "$work/in" -o "$work/out" -t 5000 -m none -V "$seconds" -- \
    "$(command -v dotnet)" "$published/Nabla.Fuzz.dll" afl --target "$target" || status=$?

stats=$work/out/default/fuzzer_stats
if [ -f "$stats" ]; then
    grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs|unique_crashes|unique_hangs) ' "$stats"
fi
echo "crashes: $(find "$work/out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l), hangs: $(find "$work/out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l) (in $work/out/default)"
exit "${status:-0}"
