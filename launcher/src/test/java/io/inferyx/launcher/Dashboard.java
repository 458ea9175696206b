package io.inferyx.launcher;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code grafana/dashboards/inferyx.json}: its panels and their PromQL. */
final class Dashboard {

    /** What Grafana puts in place of its variables when it sends a query, for evaluating one outside Grafana. */
    static final Map<String, String> VARIABLES = variables();

    /** One query of one panel. */
    record Query(String panel, String refId, String expr) {

        /** The expression as Grafana would send it: variables replaced. */
        String promql() {
            String promql = expr;
            for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
                promql = promql.replace(variable.getKey(), variable.getValue());
            }
            return promql;
        }

        @Override
        public String toString() {
            return "\"" + panel + "\" " + refId + ": " + promql();
        }
    }

    final JsonNode json;

    private Dashboard(JsonNode json) {
        this.json = json;
    }

    static Dashboard read(Path file) {
        try {
            return new Dashboard(new ObjectMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel, rows included, with the panels of collapsed rows. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Every panel that is not a row. */
    List<JsonNode> charts() {
        return panels().stream().filter(p -> !p.path("type").asString().equals("row")).toList();
    }

    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : charts()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asString(), target.path("refId").asString(),
                        target.path("expr").asString()));
            }
        }
        return queries;
    }

    private static Map<String, String> variables() {
        // longest first, so that $__rate_interval is not taken for $__range or $__interval
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("$__rate_interval", "30s");
        variables.put("$__interval", "5s");
        variables.put("$__range", "5m");
        variables.put("${model}", ".+");
        variables.put("$model", ".+");
        return variables;
    }
}
