package io.kizuki.web;

import java.util.List;

/**
 * A service's own development defaults that must not reach production (a well-known key, an embedded database's
 * password); {@link ProductionGuard} asks every bean of this type at start.
 */
public interface DevelopmentDefaults {

    /** What is set to a development default, each with what to set instead; empty when nothing is. */
    List<String> found();
}
