# Sourced by bin/inferyx-local and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps JAVA_HOME (or the java on the PATH) when it is new enough, else takes the newest
# JDK under /usr/lib/jvm.
java_major() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1/bin/java")" -ge 21 ] 2>/dev/null
}
if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then
  :
elif command -v javac >/dev/null && jdk_ok "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
else
  JAVA_HOME=""
  for candidate in $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -V -r); do
    if jdk_ok "$candidate"; then JAVA_HOME="$candidate"; break; fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "Inferyx needs a JDK 21 or newer: set JAVA_HOME to one." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
