package io.kizuki.web;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The products a caller may read, from the {@code products} claim of their token (Keycloak group attributes);
 * {@code *} grants every product.
 */
public record ProductScope(Set<String> products) {

    public static final String CLAIM = "products";
    public static final String ALL = "*";

    public static ProductScope of(JsonWebToken token) {
        Object claim = token.getClaim(CLAIM);
        Set<String> products = new TreeSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(value -> products.add(value instanceof JsonString s ? s.getString() : value.toString()));
        } else if (claim instanceof JsonString value) {
            products.add(value.getString());
        } else if (claim != null) {
            products.add(claim.toString());
        }
        return new ProductScope(Set.copyOf(products));
    }

    public boolean all() {
        return products.contains(ALL);
    }

    public boolean includes(String product) {
        return all() || products.contains(product);
    }
}
