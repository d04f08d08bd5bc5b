"""Parses a Prometheus or OpenMetrics exposition from stdin with the Prometheus project's own
Python parser and prints its samples as JSON: [{"name", "labels", "value", "type"}]."""
import json
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
from prometheus_client.parser import text_string_to_metric_families as prometheus

parse = openmetrics if sys.argv[1] == "openmetrics" else prometheus
samples = []
for family in parse(sys.stdin.read()):
    for s in family.samples:
        samples.append({"name": s.name, "labels": s.labels, "value": s.value, "type": family.type})
json.dump(samples, sys.stdout)
