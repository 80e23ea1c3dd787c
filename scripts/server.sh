# Shared by the scripts that need a running `avp serve` (source it): start BINARY on loopback at
# port POORT, stop it when the script ends, and wait until it answers (at most 10 seconds).
#
#   . scripts/server.sh; start_server target/debug/avp 18484   # sets SERVER to its pid
start_server() {
    "$1" serve --adres "127.0.0.1:$2" 2> /dev/null &
    SERVER=$!
    trap 'kill $SERVER 2> /dev/null || true' EXIT
    wacht_op "http://127.0.0.1:$2/v1/gezond"
}

# Wait until URL answers (at most 10 seconds).
wacht_op() {
    for _ in $(seq 50); do
        curl -sf "$1" > /dev/null && return 0
        sleep 0.2
    done
    return 0
}
