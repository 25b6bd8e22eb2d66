#!/bin/sh
# Fill the page with what this container got from boss (env) and from the store (network).
mkdir -p /www
message=$(wget -qO- "$STORE_URL/message.txt" || echo "(store not reachable)")
sed -e "s|@GREETING_ID@|$GREETING_ID|" -e "s|@MESSAGE@|$message|" /app/index.template.html > /www/index.html
httpd -p 80 -h /www
trap 'exit 0' TERM INT
while true; do sleep 1 & wait; done
