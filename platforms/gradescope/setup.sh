#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image, with this zip
# unpacked in /autograder/source. Everything the checker needs is in the zip: Node 24
# (node/bin/node) and charcount-check bundled into one file (charcount-check.cjs), so nothing
# is downloaded. The network is needed only when the
# image lacks python3 (Gradescope's Ubuntu images have it), to install it with apt-get.
set -euo pipefail

SOURCE=/autograder/source

# The checker's options, baked in by the packager; their --lang (else the locale) is the language of these lines too.
mapfile -t checker_args < "$SOURCE/checker-args"
language=en
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in id | id[_.@-]*) language=id ;; esac
for ((i = 0; i + 1 < ${#checker_args[@]}; i++)); do
  if [ "${checker_args[$i]}" = --lang ]; then language=${checker_args[$((i + 1))]}; fi
done
# say ENGLISH INDONESIAN: one line of this script, in its language.
say() { if [ "$language" = id ]; then echo "setup.sh: $2"; else echo "setup.sh: $1"; fi; }

# Unzipping may drop file modes; Gradescope copies run_autograder before or after this runs.
chmod 0755 "$SOURCE/node/bin/node" "$SOURCE/run_autograder" "$SOURCE/start-server.sh" "$SOURCE/bin/your-server"
if [ -e /autograder/run_autograder ]; then chmod 0755 /autograder/run_autograder; fi
# The student's server runs as nobody and reads start-server.sh; nothing here is writable by it.
chmod -R a+rX,go-w "$SOURCE"

# Node 24 on the PATH too, for a student's start.sh that runs `node server.js`.
if ! command -v node >/dev/null; then ln -s "$SOURCE/node/bin/node" /usr/local/bin/node; fi
node_version=$("$SOURCE/node/bin/node" --version)
say "Node $node_version from the autograder zip" "Node $node_version dari zip autograder"

if ! command -v python3 >/dev/null; then
  say "python3 is missing; installing it with apt-get (this needs the network)" "python3 tidak ada; memasangnya dengan apt-get (ini memerlukan jaringan)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3
fi
python_version=$(python3 --version)
say "$python_version runs the students' server.py" "$python_version menjalankan server.py mahasiswa"

# run_autograder drops to the nobody user with setpriv (util-linux, in every Ubuntu and Debian image).
if ! command -v setpriv >/dev/null; then
  say "setpriv is missing, and run_autograder needs it to run students' servers as nobody; install util-linux in this image" \
    "setpriv tidak ada, padahal run_autograder memerlukannya untuk menjalankan server mahasiswa sebagai nobody; pasang util-linux di image ini" >&2
  exit 1
fi

# The checker starts and takes the baked-in options: a broken zip fails here, not on a
# student's submission.
"$SOURCE/node/bin/node" "$SOURCE/charcount-check.cjs" "${checker_args[@]}" --help >/dev/null
checker_version=$("$SOURCE/node/bin/node" "$SOURCE/charcount-check.cjs" --version)
say "$checker_version ready (${checker_args[*]})" "$checker_version siap (${checker_args[*]})"
