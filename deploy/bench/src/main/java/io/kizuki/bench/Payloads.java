package io.kizuki.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alertmanager-shaped payloads the load sends: webhooks for Kizuki, the v2 API's alert list for Alertmanager. */
final class Payloads {

    private Payloads() {}

    /** A webhook (version 4) of one group holding {@code alerts} firing alerts, named after {@code group}. */
    static String webhook(String group, int alerts) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            list.add(alert(group, i));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", "{}/{bench=\"true\"}:{alertname=\"" + group + "\"}");
        body.put("truncatedAlerts", 0);
        body.put("status", "firing");
        body.put("receiver", "kizuki");
        body.put("groupLabels", Map.of("alertname", group));
        body.put("commonLabels", Map.of("alertname", group, "service", "bench", "severity", "critical"));
        body.put("commonAnnotations", Map.of("summary", group));
        body.put("externalURL", "http://alertmanager.bench:9093");
        body.put("alerts", list);
        return Api.json(body);
    }

    /** The same alert as Alertmanager's own API takes it ({@code POST /api/v2/alerts}). */
    static String alertmanagerApi(String group) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put(
                "labels",
                Map.of("alertname", group, "service", "bench", "severity", "critical", "instance", "bench-0"));
        alert.put("annotations", Map.of("summary", group));
        alert.put("generatorURL", "http://prometheus.bench:9090/graph");
        return Api.json(List.of(alert));
    }

    /** One alert for Alertmanager's API that its peer route sends on to the webhook receiver, at once. */
    static String alertmanagerPeer(String name) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put(
                "labels",
                Map.of("alertname", name, "service", "bench", "severity", "critical", Alertmanager.PEER_LABEL, "yes"));
        alert.put("annotations", Map.of("summary", name));
        alert.put("generatorURL", "http://prometheus.bench:9090/graph");
        return Api.json(List.of(alert));
    }

    private static Map<String, Object> alert(String group, int i) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("status", "firing");
        alert.put(
                "labels",
                Map.of(
                        "alertname",
                        group,
                        "service",
                        "bench",
                        "severity",
                        "critical",
                        "product",
                        "shop",
                        "instance",
                        "bench-" + i));
        alert.put("annotations", Map.of("summary", group));
        alert.put("startsAt", "2026-11-22T03:00:00Z");
        alert.put("endsAt", "0001-01-01T00:00:00Z");
        alert.put("generatorURL", "http://prometheus.bench:9090/graph");
        alert.put("fingerprint", Integer.toHexString((group + i).hashCode()) + "-" + i);
        return alert;
    }
}
