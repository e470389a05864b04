# Sourced by deploy/local/up and .ci/run: points JAVA_HOME at a JDK 21 or newer, or explains and exits.
kizuki_java_feature() { # the feature release of a java executable, e.g. 21
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
kizuki_select_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && [ -x "$(dirname "$candidate")/javac" ] || continue
    version=$(kizuki_java_feature "$candidate")
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=$(cd "$(dirname "$candidate")/.." && pwd -P)
      export JAVA_HOME
      return 0
    fi
  done
  echo "Kizuki needs a JDK 21 or newer (java and javac). None was found in JAVA_HOME, on the PATH or under /usr/lib/jvm." >&2
  echo "Install one and point JAVA_HOME at it, e.g. export JAVA_HOME=/usr/lib/jvm/temurin-21-jdk-amd64" >&2
  return 1
}
kizuki_select_jdk || exit 1
