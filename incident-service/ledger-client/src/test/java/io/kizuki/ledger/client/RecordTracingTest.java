package io.kizuki.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Envelope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

class RecordTracingTest {

    private static final SpanContext SENDER = SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    void writesTheCurrentSpanAsTraceparentWithTheCloudEventsHeaders() {
        Headers headers;
        try (Scope ignored = Context.root().with(Span.wrap(SENDER)).makeCurrent()) {
            headers = LedgerRecords.headers(envelope());
        }

        assertThat(new String(headers.lastHeader(RecordTracing.TRACEPARENT).value(), StandardCharsets.UTF_8))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(headers.lastHeader("ce_type")).isNotNull();
    }

    @Test
    void writesNoTraceparentWithoutASpan() {
        assertThat(LedgerRecords.headers(envelope()).lastHeader(RecordTracing.TRACEPARENT))
                .isNull();
    }

    @Test
    void readsTheSendersSpanBackAsARemoteParentAndReplacesAnEarlierOne() {
        Headers headers = new RecordHeaders();
        headers.add(
                RecordTracing.TRACEPARENT,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        RecordTracing.inject(Context.root().with(Span.wrap(SENDER)), headers);

        SpanContext read = Span.fromContext(RecordTracing.extract(headers)).getSpanContext();

        assertThat(headers.headers(RecordTracing.TRACEPARENT)).hasSize(1);
        assertThat(read.getTraceId()).isEqualTo(SENDER.getTraceId());
        assertThat(read.getSpanId()).isEqualTo(SENDER.getSpanId());
        assertThat(read.isRemote()).isTrue();
        assertThat(read.isSampled()).isTrue();
    }

    @Test
    void readsNoParentFromARecordWithoutTraceparent() {
        assertThat(Span.fromContext(RecordTracing.extract(new RecordHeaders()))
                        .getSpanContext()
                        .isValid())
                .isFalse();
    }

    private static Envelope envelope() {
        return new Envelope(
                "e1",
                "/test",
                "kizuki.incident.acknowledged.v1",
                "i1",
                Instant.EPOCH,
                null,
                null,
                null,
                null,
                "{}".getBytes(StandardCharsets.UTF_8),
                null);
    }
}
