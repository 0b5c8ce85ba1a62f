#!/bin/sh
# Install Debian's Chromium and CJK fonts for the browser tests, when they are missing.
# Without fonts-noto-cjk every Chinese character in a screenshot is a blank box.
set -e
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
[ -x /usr/bin/chromedriver ] || need="$need chromium-driver"
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need="$need fonts-noto-cjk"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "browser tests need:$need (install them with your package manager)" >&2
  exit 0
fi
echo "installing$need"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
