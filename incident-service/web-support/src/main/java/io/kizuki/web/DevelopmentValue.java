package io.kizuki.web;

import java.util.List;
import java.util.Optional;

/** One setting that must not hold its development value (a dev realm's secret, an embedded database's password). */
public abstract class DevelopmentValue implements DevelopmentDefaults {

    private final Optional<String> value;
    private final String development;
    private final String problem;

    /**
     * {@code problem}, which names the setting and what to set instead, is reported when {@code value} is
     * {@code development}.
     */
    protected DevelopmentValue(Optional<String> value, String development, String problem) {
        this.value = value;
        this.development = development;
        this.problem = problem;
    }

    @Override
    public List<String> found() {
        return value.filter(development::equals).map(v -> List.of(problem)).orElse(List.of());
    }
}
