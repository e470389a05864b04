package io.kizuki.ledger;

/** A record on a Kizuki topic that cannot be read: it belongs on a dead-letter topic. */
public class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
