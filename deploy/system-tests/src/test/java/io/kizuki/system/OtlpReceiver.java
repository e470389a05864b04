package io.kizuki.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * An OTLP/HTTP trace receiver in the test JVM, as a collector is to the services: {@code POST /v1/traces} with an
 * {@code ExportTraceServiceRequest} (protobuf), answered as the specification says. It keeps the spans of the last
 * traces it received, by trace id.
 */
final class OtlpReceiver implements AutoCloseable {

    /** A span as received: ids in hex, the service that sent it, its name, kind, start and attributes. */
    record ReceivedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String service,
            String name,
            String kind,
            long startNanos,
            Map<String, String> attributes) {}

    private static final int TRACES_KEPT = 2_000;

    private final HttpServer server;
    private final Map<String, List<ReceivedSpan>> traces = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ReceivedSpan>> eldest) {
            return size() > TRACES_KEPT;
        }
    };

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/traces", receiver::export);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP receiver", e);
        }
    }

    /** The base URL an OTLP/HTTP exporter is given. */
    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The spans of a trace received so far, by start time. */
    synchronized List<ReceivedSpan> trace(String traceId) {
        List<ReceivedSpan> spans = new ArrayList<>(traces.getOrDefault(traceId, List.of()));
        spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
        return spans;
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body =
                    "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new GZIPInputStream(exchange.getRequestBody())
                            : exchange.getRequestBody()) {
                request = ExportTraceServiceRequest.parseFrom(body);
            }
            keep(request);
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private synchronized void keep(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service =
                    attributes(resource.getResource().getAttributesList()).get("service.name");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    String traceId = hex.formatHex(span.getTraceId().toByteArray());
                    traces.computeIfAbsent(traceId, id -> new ArrayList<>())
                            .add(new ReceivedSpan(
                                    traceId,
                                    hex.formatHex(span.getSpanId().toByteArray()),
                                    hex.formatHex(span.getParentSpanId().toByteArray()),
                                    service,
                                    span.getName(),
                                    span.getKind().name().replace("SPAN_KIND_", ""),
                                    span.getStartTimeUnixNano(),
                                    attributes(span.getAttributesList())));
                }
            }
        }
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            var value = attribute.getValue();
            values.put(
                    attribute.getKey(),
                    switch (value.getValueCase()) {
                        case STRING_VALUE -> value.getStringValue();
                        case INT_VALUE -> Long.toString(value.getIntValue());
                        case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                        case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                        default -> value.toString();
                    });
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
