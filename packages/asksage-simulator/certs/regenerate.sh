#!/bin/sh
# Regenerates the server certificate from the committed throwaway test CA (100-year validity).
# Run from this folder. Pass --new-ca to also replace the CAs (then every consumer's copy of test-ca.pem changes).
set -e
if [ "$1" = "--new-ca" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout test-ca-key.pem -out test-ca.pem -days 36500 \
    -subj "/CN=asksage-simulator test CA (do not trust)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout /tmp/untrusted-ca-key.pem -out untrusted-ca.pem -days 36500 \
    -subj "/CN=asksage-simulator untrusted CA (negative tests)" -addext "basicConstraints=critical,CA:TRUE"
  rm -f /tmp/untrusted-ca-key.pem
fi
openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj "/CN=localhost"
openssl x509 -req -in server.csr -CA test-ca.pem -CAkey test-ca-key.pem -CAcreateserial -out server.pem \
  -days 36500 -extfile server-ext.cnf
rm -f server.csr test-ca.srl
openssl verify -CAfile test-ca.pem server.pem
