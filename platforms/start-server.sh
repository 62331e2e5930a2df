#!/bin/sh
# Starts a student's server the one way every platform template does (Gradescope, GitHub
# Classroom, GitLab CI), as the command charcount-check runs:
#
#   charcount-check [options] -- sh platforms/start-server.sh SUBMISSION_DIR
#
# Which file starts the server is intake's choice (charcount-intake.cjs), the one that
# charcount-check --submission and charcount-grade make, so a student, the grader and the
# platform agree: start.sh if the submission has one (any language: `exec java Server`), then
# charcount-entry.txt, server.py, else the one file that starts a TCP server (Python, a
# notebook's code cells, Node), whatever its name, in whatever folder it was packed in. With
# nothing to run, that choice says what to do on stderr and this exits 1: charcount-check
# then reports "your server exited with code 1 before listening: <that line>" in the
# platform's own format, so a student reads the reason where their grade is.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# Gradescope's zip has node/ beside this script; elsewhere node is on the PATH.
if [ -x "$here/node/bin/node" ]; then node="$here/node/bin/node"; else node=node; fi
# intake bundled beside this script (with charcount-check.cjs: the Gradescope zip, the
# starting repository's .charcount-lab), or in a clone: its build (npm run build), else the
# bundle npm run package:checker wrote.
intake=
for candidate in "$here/charcount-intake.cjs" "$here/../dist/intake/main.js" "$here/../dist/charcount-intake.cjs"; do
  if [ -f "$candidate" ]; then intake=$candidate; break; fi
done
if [ -z "$intake" ]; then
  # Only a hand-made package lacks it: no other rule is guessed, so nothing runs that the grader would not run.
  case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
    id*) echo "charcount-intake.cjs tidak ada di samping $0: salin dist/charcount-intake.cjs dan dist/7zz.wasm (npm run package:checker) ke folder itu" >&2 ;;
    *) echo "charcount-intake.cjs is not beside $0: copy dist/charcount-intake.cjs and dist/7zz.wasm (npm run package:checker) into that folder" >&2 ;;
  esac
  exit 1
fi

# This shell's id names intake's temporary folder, if it makes one (see below).
plan=$("$node" "$intake" "${1:-.}" "$$") || exit 1
kind=$(printf '%s\n' "$plan" | sed -n 1p)
folder=$(printf '%s\n' "$plan" | sed -n 2p)
file=$(printf '%s\n' "$plan" | sed -n 3p)
scratch=$(printf '%s\n' "$plan" | sed -n 4p)

cd "$folder"
# Python's own output, unbuffered, so a student's prints show up as they happen.
export PYTHONUNBUFFERED=1
case "$kind" in
  start.sh) set -- bash "$file" ;;
  node) set -- "$node" "$file" ;;
  *) set -- python3 "$file" ;;
esac
# Run from the submission itself: nothing to remove afterwards, so the server takes this process.
[ -n "$scratch" ] || exec "$@"

# Run from intake's temporary folder (an archive unpacked, a notebook's script): this shell
# waits for the server and removes the folder once it has ended, however it ends. The checker
# stops a program by signalling its whole process group, so the server gets the signal itself;
# the traps only keep this shell alive until the server is gone. (A SIGKILL leaves no shell to
# remove it: the next start of this script on the machine does.)
for signal in TERM INT HUP; do trap ": $signal" "$signal"; done
status=0
"$@" || status=$?
rm -rf "$scratch"
# The server's end as the checker would have seen it through exec: the signal that ended it
# (128 + its number), else its exit code. Signals that stop or are ignored end no program:
# such a status was an exit code.
if [ "$status" -gt 128 ] && name=$(kill -l "$status" 2>/dev/null); then
  case "$name" in
    STOP | TSTP | TTIN | TTOU | CONT | CHLD | URG | WINCH) ;;
    *)
      trap - TERM INT HUP
      kill -s "$name" $$
      ;;
  esac
fi
exit "$status"
