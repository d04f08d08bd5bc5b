#!/usr/bin/env bash
# The reliability suite (#20): faults, load, hostile input and a soak against bin/relay, and the
# cluster (#21: three relays in network namespaces), then its
# figures as reliability/RESULTS.md. The fast part also runs in the README's test command (and
# so in CI); this script runs the suite alone, and with --long its full durations: 60 s holds, a
# reload every second for 5 minutes, and a one-hour soak.
#
# usage: reliability/run.sh [--long] [--render DESCRIPTION]
#   --render: no run, only RESULTS.md from the rows in $RESULTS_TSV (default
#   itests/target/reliability/results.tsv: rows of several runs may be put together there),
#   DESCRIPTION saying which parts ran how
set -euo pipefail
cd "$(dirname "$0")/.."
long=false
render=""
while [ $# -gt 0 ]; do
    case "$1" in
        --long) long=true; shift ;;
        --render) render="$2"; shift 2 ;;
        *) echo "usage: reliability/run.sh [--long] [--render DESCRIPTION]" >&2; exit 2 ;;
    esac
done
[ -d /usr/lib/jvm/java-17-openjdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
started=$(date -u +%Y-%m-%dT%H:%MZ)
tsv=${RESULTS_TSV:-itests/target/reliability/results.tsv}
if [ -z "$render" ]; then
    [ -x karaf-assembly/target/assembly/bin/relay ] || mvn -B -q -DskipTests install
    rm -f "$tsv"
    mvn -B verify -pl itests -Dit.test='Reliability*IT,ClusterIT' -Dreliability.long=$long
    render=$([ $long = true ] && echo "the long part (\`reliability/run.sh --long\`)" || echo "the fast part (\`reliability/run.sh\`; \`--long\` for full durations and the soak)")
fi
{
    echo "# async-relay reliability suite, $started"
    echo
    echo "$(nproc) cores, $(java -version 2>&1 | head -1), $render."
    echo "bin/relay with its defaults (the web UI on for its API), on loopback and in network namespaces"
    echo "the suite makes itself (198.18.0.0/15). Every byte stream is checked end to end by SHA-256."
    echo "Produced by \`reliability/run.sh\` from the tests' own figures (\`itests/src/test/java/.../Reliability*IT.java\`)."
    for area in faults load "hostile input" soak cluster; do
        rows=$(awk -F'\t' -v a="$area" '$1 == a { printf "| %s | %s |\n", $2, $3 }' "$tsv" | sort)
        [ -z "$rows" ] && continue
        echo
        echo "## ${area^}"
        echo
        echo "| what was done | what it showed |"
        echo "|---|---|"
        echo "$rows"
    done
} > reliability/RESULTS.md
cat reliability/RESULTS.md
