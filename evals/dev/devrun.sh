#!/usr/bin/env bash
# Usage: (cd WORKTREE && SETS="b12 c10 dev3" bash evals/dev/devrun.sh TAG HOME)
# Runs the blind/dev sets against the code of the current directory with index HOME.
# Blind sets bN -> evals/blindN, devN -> evals/questions_devN.yaml, cN -> evals/blind_convN, cdev2 -> conversations_dev2.
# Results: $DEVRUN_OUT/TAG/results (default /tmp/regkb-dev); summarise: python evals/dev/devsum.py TAG [TAG...]
set -u
TAG=$1; HOME_=$2
SETS=${SETS:-"b10 b11 b12 b13 b14 b15 b16 b17 b18 b19 b20 b21 b22 b23 c8 c9 c10 c11 c12 c13 c14 c15 c16 c17 c18 c19 c20 c21 b5 b6 b7 b8 b9 dev3 dev4 dev5 c3 c4 c5 c6 c7 cdev2"}
PY=${PY:-$(cd "$(git rev-parse --git-common-dir)/.." && pwd)/.venv/bin/python}
D=${DEVRUN_OUT:-/tmp/regkb-dev}/$TAG; mkdir -p $D/results
for s in $SETS; do
  case $s in
    b*) n=${s#b}; mkdir -p $D/$s; cp evals/blind$n/questions.yaml $D/$s/questions.yaml
        REGKB_HOME=$HOME_ $PY -m evals.blind_eval --questions $D/$s/questions.yaml --tag $s --out $D/results > $D/$s.log 2>&1 || echo "FAILED $s (see $D/$s.log)";;
    dev*) mkdir -p $D/$s; cp evals/questions_$s.yaml $D/$s/questions.yaml
        REGKB_HOME=$HOME_ $PY -m evals.blind_eval --questions $D/$s/questions.yaml --tag $s --out $D/results > $D/$s.log 2>&1 || echo "FAILED $s (see $D/$s.log)";;
    cdev2) rm -rf $D/$s; mkdir -p $D/$s; cp evals/conversations_dev2/conversations.jsonl evals/conversations_dev2/keys.yaml $D/$s/
        REGKB_HOME=$HOME_ $PY -m evals.conv_eval --set $D/$s --tag $s --out $D/results > $D/$s.log 2>&1 || echo "FAILED $s";;
    c*) n=${s#c}; rm -rf $D/$s; mkdir -p $D/$s; cp evals/blind_conv$n/conversations.jsonl evals/blind_conv$n/keys.yaml $D/$s/
        REGKB_HOME=$HOME_ $PY -m evals.conv_eval --set $D/$s --tag $s --out $D/results > $D/$s.log 2>&1 || echo "FAILED $s";;
  esac
done
echo done $TAG
