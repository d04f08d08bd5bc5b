#!/bin/sh
# Example async-relay event hook: appends one line per backend event to a log file.
# Wire it in the YAML file:
#   event_hook:
#     command: "/path/to/config/hooks/log-event.sh"
#     args: ["/var/log/async-relay-events.log"]
# The relay runs it without a shell: args arrive exactly as written in the YAML.
log="${1:-/tmp/async-relay-events.log}"
case "$RELAY_EVENT_TYPE" in
    all_backends_unavailable)
        echo "$RELAY_TIMESTAMP $RELAY_SERVICE_NAME: every backend is down ($RELAY_TOTAL_COUNT)" >> "$log" ;;
    *)
        echo "$RELAY_TIMESTAMP $RELAY_SERVICE_NAME: $RELAY_EVENT_TYPE $RELAY_BACKEND_HOST:$RELAY_BACKEND_PORT ($RELAY_BACKEND_IP), $RELAY_AVAILABLE_COUNT/$RELAY_TOTAL_COUNT available" >> "$log" ;;
esac
echo "$RELAY_EVENT_JSON" >> "$log.json"
