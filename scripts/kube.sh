#!/usr/bin/env bash
# A real Kubernetes control plane (etcd + kube-apiserver + controller-manager + scheduler, no kubelet)
# on 127.0.0.1 for the Kubernetes back-end's tests. Pods are scheduled to a fake Node but never run:
# the tests play kubelet.
#
#   scripts/kube.sh install      Builds the control plane from Debian bookworm's `kubernetes` source
#                                package (1.20) with golang-go, once; cached in $PUENTE_CACHE/kube.
#                                Idempotent: returns at once when the binaries are there.
#   scripts/kube.sh start DIR    Starts a throwaway control plane whose state lives in DIR and prints
#                                `export PUENTE_TEST_KUBECONFIG=… PUENTE_TEST_KUBE_NAMESPACE=…
#                                PUENTE_KUBE_DIR=…` lines for the caller to eval (nothing else on stdout).
#   scripts/kube.sh stop DIR     Stops it (TERM, then KILL after 5 s) and removes DIR.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

kube_cache=$PUENTE_CACHE/kube
kube_bin=$kube_cache/bin
binaries=(kube-apiserver kube-controller-manager kube-scheduler)
# How the binaries are built, beside the source version: change it to make `install` rebuild.
recipe="reflect2-1.0.2"
namespace=puente-test
node_name=puente-test-node

die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# install

# The URI of the enabled apt source that serves bookworm's main component, from the machine's own
# configuration (deb822 .sources files or one-line .list entries).
apt_mirror() {
  python3 - <<'PY'
import glob, re, sys
files = ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")) \
    + sorted(glob.glob("/etc/apt/sources.list.d/*.sources"))
for f in files:
    try:
        text = open(f).read()
    except OSError:
        continue
    if f.endswith(".sources"):
        for stanza in re.split(r"\n\s*\n", text):
            fields = {}
            for line in stanza.splitlines():
                if line.startswith("#") or ":" not in line:
                    continue
                k, v = line.split(":", 1)
                fields[k.strip().lower()] = v.split()
            if "deb" in fields.get("types", []) and "bookworm" in fields.get("suites", []) \
                    and "main" in fields.get("components", []) and fields.get("enabled", ["yes"])[0] != "no":
                print(fields["uris"][0]); sys.exit(0)
    else:
        for line in text.splitlines():
            m = re.match(r"\s*deb\s+(\[[^]]*\]\s+)?(\S+)\s+bookworm\s+(.*)", line)
            if m and "main" in m.group(3).split():
                print(m.group(2)); sys.exit(0)
sys.exit(1)
PY
}

binaries_present() {
  # The stamp: "<Debian source version> <recipe>".
  [ "$(cut -sd' ' -f2 "$kube_bin/.source-version" 2>/dev/null)" = "$recipe" ] || return 1
  local b
  for b in "${binaries[@]}"; do [ -x "$kube_bin/$b" ] || return 1; done
}


install() {
  # Fast path (no apt, no lock): the binaries are cached and what `start` runs is installed.
  if binaries_present && have_pkg etcd-server && have_pkg openssl; then
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "install needs root (apt-get)"
  mkdir -p "$kube_cache"
  exec 9>"$kube_cache/.lock"
  flock 9
  export DEBIAN_FRONTEND=noninteractive

  local apt_updated=0
  # `apt-get source` needs a deb-src entry for bookworm; add our own file unless one exists. Its
  # mirror is the one this machine already uses for bookworm's binary packages (a mirror written
  # into this script would fail on machines that can only reach their own).
  if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    local mirror
    mirror=$(apt_mirror) || die "no bookworm 'main' entry in the apt sources to take a mirror from"
    log "adding a bookworm deb-src entry for $mirror (/etc/apt/sources.list.d/puente-deb-src.sources)"
    cat >/etc/apt/sources.list.d/puente-deb-src.sources <<EOF
# Added by Puente's scripts/kube.sh: source packages, for apt-get source kubernetes.
Types: deb-src
URIs: $mirror
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    apt-get update -qq
    apt_updated=1
  fi

  local need=() pkg
  # golang-github-modern-go-reflect2-dev: reflect2 1.0.2, see below.
  for pkg in golang-go etcd-server dpkg-dev openssl golang-github-modern-go-reflect2-dev; do
    have_pkg "$pkg" || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing Debian packages: ${need[*]}"
    [ "$apt_updated" = 1 ] || apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  binaries_present && return 0

  mkdir -p "$kube_cache/src"
  local tree
  tree=$(find "$kube_cache/src" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -1)
  if [ -z "$tree" ] || [ ! -f "$tree/debian/changelog" ] || [ ! -f "$tree/build/root/Makefile" ]; then
    log "downloading and unpacking Debian's kubernetes source package"
    rm -rf "$kube_cache/src" && mkdir -p "$kube_cache/src"
    # apt warns that it downloads unsandboxed as root (the folder is not _apt's); harmless.
    (cd "$kube_cache/src" && apt-get source -qq kubernetes 2>&1) | grep -v '^W: Download is performed unsandboxed' >&2 || true
    tree=$(find "$kube_cache/src" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -1)
    if [ -z "$tree" ] || [ ! -f "$tree/build/root/Makefile" ]; then
      die "apt-get source kubernetes did not unpack a tree in $kube_cache/src"
    fi
    # The unpacked tree is all we need; the tarballs are only kept by apt for re-unpacking.
    rm -f "$kube_cache/src"/kubernetes_*
  fi
  local version
  version=$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Version)

  # The tree vendors github.com/modern-go/reflect2 1.0.1, which is broken on Go >= 1.18: the
  # apiserver panics (nil pointer in reflect2.(*UnsafeMapType).Key, via json-iterator) the first
  # time it decodes JSON into a new struct-with-a-map type, e.g. POST of a ServiceAccount, and then
  # stops serving. 1.0.2 (the Go 1.18 fix; API unchanged, json-iterator 1.1.10 works with it) is
  # packaged in bookworm: vendor that instead.
  local reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
  [ -f "$reflect2/go_above_118.go" ] || die "$reflect2 is not reflect2 >= 1.0.2"
  if [ ! -f "$tree/vendor/github.com/modern-go/reflect2/go_above_118.go" ]; then
    log "replacing the vendored reflect2 1.0.1 with bookworm's 1.0.2 (Go 1.18+ fix)"
    rm -rf "$tree/vendor/github.com/modern-go/reflect2"
    cp -r "$reflect2" "$tree/vendor/github.com/modern-go/reflect2"
    rm -f "$tree/vendor/github.com/modern-go/reflect2/go.mod"
  fi

  log "building kube-apiserver, kube-controller-manager and kube-scheduler $version (≈ 8–10 min, once)"
  local started=$SECONDS
  # A build that must happen starts clean: an interrupted or failed earlier build leaves empty,
  # non-executable code generators in _output that make every later build fail the same way.
  rm -rf "$tree/_output" "$tree/.go" "$tree/.make"
  (
    cd "$tree"
    # GOPATH mode with the vendored dependencies, as Debian's own rules build it (`go build
    # -mod=vendor` does not work for this tree). No network.
    export GOPATH=$PWD/.go CGO_ENABLED=0 GOPROXY=off GO111MODULE=off
    # cmd/go runs GOMAXPROCS jobs at once (-p) and compiles with as many threads: at most 2.
    export GOMAXPROCS=2
    # Anything cached outside the build's own GOPATH lands here, and is removed below.
    export GOCACHE=$PWD/_output/go-build-cache HOME=$PWD/_output/home
    mkdir -p .go/src/k8s.io "$HOME"
    [ -L .go/src/k8s.io/kubernetes ] || ln -s ../../.. .go/src/k8s.io/kubernetes
    make WHAT=cmd/kube-apiserver >&2
    make WHAT="cmd/kube-controller-manager cmd/kube-scheduler" >&2
  )
  local b
  rm -rf "$kube_bin.tmp" && mkdir -p "$kube_bin.tmp"
  for b in "${binaries[@]}"; do
    cp -L "$tree/_output/bin/$b" "$kube_bin.tmp/$b"
  done
  echo "$version $recipe" >"$kube_bin.tmp/.source-version"
  rm -rf "$kube_bin" && mv "$kube_bin.tmp" "$kube_bin"
  # Build intermediates (objects, go build cache, code generators): gigabytes, not needed again.
  rm -rf "$tree/_output" "$tree/.go" "$tree/.make"
  log "built in $(( SECONDS - started )) s: $("$kube_bin/kube-apiserver" --version) in $kube_bin ($(du -sh "$kube_cache" | cut -f1) in $kube_cache)"
}

# ---------------------------------------------------------------------------------------------
# start

# Starts "$@" as a daemon in its own session, detached from the caller's terminal and pipes (so
# `eval "$(scripts/kube.sh start …)"` returns), logging to $dir/$name.log; records its PID.
daemon() {
  local name=$1; shift
  nohup setsid "$@" </dev/null >"$dir/$name.log" 2>&1 &
  echo "$! $name" >>"$dir/pids"
}

# running PID: the process exists and is not a zombie. (The daemons outlive this script and are
# reparented to whatever reaps orphans here, which may be slow to: `kill -0` alone says a zombie
# is alive.)
running() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# pid_alive NAME: the process recorded for NAME is still running.
pid_alive() {
  local pid
  pid=$(awk -v n="$1" '$2 == n {print $1}' "$dir/pids")
  [ -n "$pid" ] && running "$pid"
}

# api METHOD PATH [BODY [CONTENT-TYPE]]: calls the API server as the admin; prints the body, and
# returns 0 for 2xx, 9 for 409 Conflict (already exists), 1 otherwise (the body goes to stderr).
api() {
  local method=$1 path=$2 body=${3:-} ctype=${4:-application/json} out code
  out=$(mktemp)
  code=$(curl -sS -o "$out" -w '%{http_code}' --max-time 10 --cacert "$dir/ca.crt" \
    -H "Authorization: Bearer $token" -H "Content-Type: $ctype" -H 'Accept: application/json' \
    -X "$method" ${body:+--data-binary "$body"} "https://127.0.0.1:$api_port$path") || code=000
  case "$code" in
    2??) cat "$out"; rm -f "$out"; return 0 ;;
    409) rm -f "$out"; return 9 ;;
    *) log "$method $path: HTTP $code $(cat "$out")"; rm -f "$out"; return 1 ;;
  esac
}

# Tail of a component's log, on failure.
show_log() { log "last lines of $dir/$1.log:"; tail -n 20 "$dir/$1.log" >&2 || true; }

start() {
  mkdir -p "$1"
  dir=$(cd "$1" && pwd)
  [ ! -s "$dir/pids" ] || die "$dir/pids exists: a control plane may already run there (scripts/kube.sh stop $dir)"
  local b
  for b in "${binaries[@]}"; do
    [ -x "$kube_bin/$b" ] || die "$kube_bin/$b is missing: run scripts/kube.sh install first"
  done
  command -v etcd >/dev/null || die "etcd is missing: run scripts/kube.sh install first"
  local t0=$SECONDS
  # Leftovers of an earlier control plane in this folder would confuse etcd: start afresh.
  rm -rf "$dir/etcd-data" "$dir/apiserver-certs" "$dir"/*.log
  touch "$dir/.puente-kube" "$dir/pids"
  # On any failure below: stop what was started, keep the folder (and its logs) for a look.
  started_ok=0
  trap 'if [ "$started_ok" = 0 ]; then
          log "start failed; stopped what had started; logs kept in $dir (scripts/kube.sh stop $dir removes it)"
          kill_pids; : >"$dir/pids"
        fi' EXIT

  # Free loopback ports: etcd client and peer, and the API server. (Bound together, so distinct.)
  local ports etcd_port etcd_peer_port
  ports=$(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
  read -r etcd_port etcd_peer_port api_port <<<"$ports"
  [ -n "$api_port" ] || die "could not find free ports"

  # TLS. A CA and a serving certificate signed by it with IP SAN 127.0.0.1: rustls (webpki) wants
  # a real chain and an IP SAN, which the apiserver's own self-signed certificate does not give
  # reliably. P-256 keys: fast to generate, and Go and rustls both take them.
  cat >"$dir/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = puente-test
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1
EOF
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  openssl req -x509 -new "${ec[@]}" -config "$dir/openssl.cnf" -extensions ca_ext -days 3650 \
    -subj /CN=puente-test-ca -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -new "${ec[@]}" -config "$dir/openssl.cnf" -subj /CN=kube-apiserver \
    -keyout "$dir/apiserver.key" -out "$dir/apiserver.csr" 2>/dev/null
  openssl x509 -req -in "$dir/apiserver.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 3650 -extfile "$dir/openssl.cnf" \
    -extensions server_ext -out "$dir/apiserver.crt" 2>/dev/null
  # Service-account token signing key pair.
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  # The admin: a static token, in group system:masters (cluster-admin under RBAC).
  token=$(openssl rand -hex 32)
  echo "$token,puente-admin,puente-admin,\"system:masters\"" >"$dir/tokens.csv"
  chmod 600 "$dir"/*.key "$dir/tokens.csv"

  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: puente-test
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority-data: $(base64 -w0 "$dir/ca.crt")
users:
- name: puente-admin
  user:
    token: $token
contexts:
- name: puente-test
  context:
    cluster: puente-test
    user: puente-admin
    namespace: $namespace
current-context: puente-test
EOF
  chmod 600 "$dir/kubeconfig"

  daemon etcd etcd --name puente --data-dir "$dir/etcd-data" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "puente=http://127.0.0.1:$etcd_peer_port" --initial-cluster-state new \
    --logger zap --log-outputs stderr
  local deadline=$(( SECONDS + 10 ))
  while :; do
    curl -fs --max-time 1 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"' && break
    pid_alive etcd || { show_log etcd; die "etcd exited; see $dir/etcd.log"; }
    [ "$SECONDS" -lt "$deadline" ] || { show_log etcd; die "etcd not healthy after 10 s; see $dir/etcd.log"; }
    sleep 0.1
  done

  daemon kube-apiserver "$kube_bin/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --secure-port="$api_port" --advertise-address=127.0.0.1 \
    --cert-dir="$dir/apiserver-certs" \
    --tls-cert-file="$dir/apiserver.crt" --tls-private-key-file="$dir/apiserver.key" \
    --client-ca-file="$dir/ca.crt" \
    --token-auth-file="$dir/tokens.csv" --authorization-mode=RBAC \
    --service-account-key-file="$dir/sa.pub" --service-account-signing-key-file="$dir/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/16 --allow-privileged=true --profiling=false \
    --endpoint-reconciler-type=none
  deadline=$(( SECONDS + 60 ))
  while :; do
    curl -fs --max-time 2 --cacert "$dir/ca.crt" -H "Authorization: Bearer $token" \
      "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 && break
    pid_alive kube-apiserver || { show_log kube-apiserver; die "kube-apiserver exited; see $dir/kube-apiserver.log"; }
    [ "$SECONDS" -lt "$deadline" ] || { show_log kube-apiserver; die "kube-apiserver not ready (/readyz) after 60 s; see $dir/kube-apiserver.log"; }
    sleep 0.1
  done
  log "kube-apiserver ready on https://127.0.0.1:$api_port after $(( SECONDS - t0 )) s"

  # Controllers (garbage collection, service-account tokens, namespaces, …) and the scheduler.
  # --port=0 / --secure-port=0: no HTTP(S) serving of their own, so several control planes can
  # run at once. No leader election: each control plane has exactly one of each.
  # The node-lifecycle controller is off: there is no kubelet, so the fake node's Ready heartbeat
  # goes stale after 40 s and that controller would mark it NotReady/Unknown and taint it
  # (node.kubernetes.io/unreachable), after which nothing schedules there and pods are evicted.
  # Off, the node stays exactly as created below. Also off: the controllers that need a cloud
  # (they would only log errors). Claims bind to volumes every second instead of 15 s (there is
  # no provisioner: a PVC stays Pending, and its pod unschedulable, until a test makes a PV).
  daemon kube-controller-manager "$kube_bin/kube-controller-manager" \
    --kubeconfig="$dir/kubeconfig" --port=0 --secure-port=0 --leader-elect=false \
    --controllers='*,-nodelifecycle,-cloud-node-lifecycle,-service,-route' \
    --pvclaimbinder-sync-period=1s \
    --service-account-private-key-file="$dir/sa.key" --root-ca-file="$dir/ca.crt" \
    --use-service-account-credentials=false \
    --cluster-signing-cert-file="$dir/ca.crt" --cluster-signing-key-file="$dir/ca.key"
  daemon kube-scheduler "$kube_bin/kube-scheduler" \
    --kubeconfig="$dir/kubeconfig" --port=0 --secure-port=0 --leader-elect=false

  # The test namespace, and its default service account (pod creation is refused without it).
  local rc=0
  api POST /api/v1/namespaces "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$namespace\"}}" >/dev/null || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 9 ] || die "could not create namespace $namespace"
  rc=0
  api POST "/api/v1/namespaces/$namespace/serviceaccounts" '{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}}' >/dev/null || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 9 ] || die "could not create service account $namespace/default"

  # A Node for the scheduler to bind pods to (no kubelet: the tests play kubelet). The
  # TaintNodesByCondition admission plugin taints every new Node node.kubernetes.io/not-ready
  # (NoSchedule), which only the node-lifecycle controller would lift: remove it with an update
  # (the plugin acts on create only). Then the status a kubelet would report: Ready, and room for
  # plenty of notebooks.
  local now
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  rc=0
  api POST /api/v1/nodes "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"$node_name\",
    \"labels\":{\"kubernetes.io/hostname\":\"$node_name\",\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\"}}}" >/dev/null || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 9 ] || die "could not create node $node_name"
  api PATCH "/api/v1/nodes/$node_name" '{"spec":{"taints":null}}' application/merge-patch+json >/dev/null
  local resources='{"cpu":"64","memory":"256Gi","pods":"110","ephemeral-storage":"1Ti"}'
  api PATCH "/api/v1/nodes/$node_name/status" "{\"status\":{
    \"capacity\":$resources,\"allocatable\":$resources,
    \"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\",
      \"message\":\"Puente test node (no kubelet; the tests play kubelet)\",
      \"lastHeartbeatTime\":\"$now\",\"lastTransitionTime\":\"$now\"}],
    \"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"},{\"type\":\"Hostname\",\"address\":\"$node_name\"}]}}" \
    application/merge-patch+json >/dev/null

  # Pods that mount the service-account token (the default in 1.20) are refused until the
  # controller-manager's token controller has made the account's token Secret: wait for it.
  deadline=$(( SECONDS + 30 ))
  while :; do
    api GET "/api/v1/namespaces/$namespace/serviceaccounts/default" | grep -q '"secrets"' && break
    pid_alive kube-controller-manager || { show_log kube-controller-manager; die "kube-controller-manager exited; see $dir/kube-controller-manager.log"; }
    [ "$SECONDS" -lt "$deadline" ] || { show_log kube-controller-manager; die "no token Secret for $namespace/default after 30 s; see $dir/kube-controller-manager.log"; }
    sleep 0.1
  done
  pid_alive kube-scheduler || { show_log kube-scheduler; die "kube-scheduler exited; see $dir/kube-scheduler.log"; }
  started_ok=1

  log "Kubernetes $("$kube_bin/kube-apiserver" --version | cut -d' ' -f2) control plane ready in $(( SECONDS - t0 )) s: https://127.0.0.1:$api_port, namespace $namespace, node $node_name ($dir)"
  echo "export PUENTE_TEST_KUBECONFIG=$dir/kubeconfig"
  echo "export PUENTE_TEST_KUBE_NAMESPACE=$namespace"
  echo "export PUENTE_KUBE_DIR=$dir"
}

# ---------------------------------------------------------------------------------------------
# stop

# Stops the processes in $dir/pids: TERM, then KILL after 5 s. Only a PID whose command line
# still mentions $dir is ours (a PID may have been reused since).
kill_pids() {
  [ -f "$dir/pids" ] || return 0
  local pid name ours=() alive
  while read -r pid name; do
    [ -n "$pid" ] || continue
    if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$dir/"; then
      ours+=("$pid")
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done <"$dir/pids"
  for _ in $(seq 1 50); do
    alive=()
    for pid in "${ours[@]}"; do running "$pid" && alive+=("$pid"); done
    [ ${#alive[@]} = 0 ] && return 0
    ours=("${alive[@]}")
    sleep 0.1
  done
  log "killing ${ours[*]} (still running 5 s after SIGTERM)"
  kill -KILL "${ours[@]}" 2>/dev/null || true
}

stop() {
  [ -d "$1" ] || return 0
  dir=$(cd "$1" && pwd)
  # Refuse to remove a folder this script did not make.
  [ -e "$dir/.puente-kube" ] || die "$dir is not a folder made by scripts/kube.sh start"
  kill_pids
  rm -rf "$dir"
}

# ---------------------------------------------------------------------------------------------

case "${1:-}" in
  install) install ;;
  start) [ $# = 2 ] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [ $# = 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 install | start DIR | stop DIR" ;;
esac
