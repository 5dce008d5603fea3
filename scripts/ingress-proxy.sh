#!/usr/bin/env bash
# A local stand-in for Home Assistant's ingress, for the dashboard's browser test under a path prefix
# (DashboardIngressIT): a real nginx that does what the Supervisor's ingress proxy does for an add-on. A request
# for <prefix>/<path> reaches the service as /<path> with the header X-Ingress-Path: <prefix>; nothing else is
# served. nginx-light is installed with apt-get when no nginx is found (as root, or through sudo without a password).
#
#   scripts/ingress-proxy.sh start --upstream-port N --prefix /api/hassio_ingress/TOKEN [--watch-pid P]
#       starts it on a free loopback port and prints INGRESS_URL=http://127.0.0.1:PORT<prefix>/ and
#       INGRESS_DIR=<its directory> (config, access.log); with --watch-pid, it stops when process P ends.
#   scripts/ingress-proxy.sh stop --dir D
set -euo pipefail

die() { echo "ingress-proxy.sh: $*" >&2; exit 1; }

ensure_nginx() {
  if [ -n "${NGINX:-}" ]; then echo "$NGINX"; return; fi
  local nginx; nginx=$(command -v nginx || true)
  [ -n "$nginx" ] || nginx=$( [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx || true)
  if [ -z "$nginx" ]; then
    command -v apt-get >/dev/null || die "nginx is missing and there is no apt-get to install it; set NGINX"
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
      sudo -n true 2>/dev/null || die "nginx is missing; install it as root: apt-get install nginx-light"
      sudo=(sudo -n)
    fi
    echo "ingress-proxy.sh: installing nginx-light with apt-get (once)..." >&2
    "${sudo[@]}" apt-get update -q >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends nginx-light >&2 \
      || die "apt-get install nginx-light failed"
    # The package starts its own server on port 80; this script needs only the binary.
    "${sudo[@]}" systemctl disable --now nginx >/dev/null 2>&1 || "${sudo[@]}" service nginx stop >/dev/null 2>&1 || true
    nginx=/usr/sbin/nginx
  fi
  echo "$nginx"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start() {
  local upstream_port="" prefix="" watch_pid=""
  while [ $# -gt 0 ]; do
    case $1 in
      --upstream-port) upstream_port=${2:?}; shift 2 ;;
      --prefix) prefix=${2:?}; shift 2 ;;
      --watch-pid) watch_pid=${2:?}; shift 2 ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  [ -n "$upstream_port" ] && [[ $prefix =~ ^(/[A-Za-z0-9_-]+)+$ ]] || die "start needs --upstream-port N and --prefix /a/b (no trailing /)"
  local nginx dir port
  nginx=$(ensure_nginx)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/energy-correlator-ingress.XXXXXX")
  port=$(free_port)
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 64; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    # As the Supervisor: the prefix is stripped (the trailing / of proxy_pass), the header says what it was.
    location $prefix/ {
      proxy_pass http://127.0.0.1:$upstream_port/;
      proxy_http_version 1.1;
      proxy_set_header X-Ingress-Path $prefix;
      proxy_redirect off;
      # Streamed as the Supervisor does; no temporary files (a worker may not write in this directory).
      proxy_buffering off;
    }
    location / { return 404; }
  }
}
CONF
  "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" || { cat "$dir/error.log" >&2 2>/dev/null; die "nginx did not start"; }
  if [ -n "$watch_pid" ]; then
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -e "$2/nginx.pid" ]; do sleep 1; done
                    [ -e "$2/nginx.pid" ] && kill "$(cat "$2/nginx.pid")" 2>/dev/null; sleep 1; rm -rf "$2"' _ "$watch_pid" "$dir" \
      >/dev/null 2>&1 </dev/null &
  fi
  echo "INGRESS_URL=http://127.0.0.1:$port$prefix/"
  echo "INGRESS_DIR=$dir"
}

stop() {
  [ "${1:-}" = --dir ] && [ -n "${2:-}" ] || die "usage: stop --dir D"
  local dir=$2
  [ -f "$dir/nginx.conf" ] || die "$dir is not an ingress proxy's directory"
  if [ -e "$dir/nginx.pid" ]; then
    local pid; pid=$(cat "$dir/nginx.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
}

case ${1:-} in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
