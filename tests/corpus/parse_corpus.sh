#!/bin/sh
# Conformance: parses every *.csp file of the CSPM corpus with `cspgate parse`.
#
#   tests/corpus/parse_corpus.sh CSPGATE CORPUS_DIR [EXCEPTIONS_FILE]
#
# Every file must parse (exit 0), except those under
# libcspm/tests/parser/should_fail/, which must be rejected with exit 2 and a
# compiler-style `file:line:col: error:` diagnostic; the exceptions file
# (default: parse_exceptions.txt next to this script) lists the files expected
# to give the opposite result.  The run is typecheck_corpus.sh's, in its parse
# mode; the exit status is the same (0, 1 a mismatch, 2 usage, 77 no corpus).
MODE=parse exec sh "$(dirname "$0")/typecheck_corpus.sh" "$@"
