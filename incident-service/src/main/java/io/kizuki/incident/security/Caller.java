package io.kizuki.incident.security;

import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.kizuki.web.AuditFilter;
import io.kizuki.web.ProductScope;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the ledger records it, and which products they may touch.
 *
 * @param actor    {@code user:<name>}, {@code client:<client id>} or {@code integration:<name>}
 * @param products the products of the caller; {@link #ALL_PRODUCTS} stands for every product
 */
public record Caller(String actor, Set<String> products) {

    public static final String ALL_PRODUCTS = "*";
    /** The identity attribute a routing-key identity carries its product in. */
    public static final String PRODUCT_ATTRIBUTE = "kizuki.product";
    /** The identity attribute a routing-key identity carries its integration's id in. */
    public static final String INTEGRATION_ATTRIBUTE = "kizuki.integration-id";

    public static Caller of(SecurityIdentity identity) {
        String actor = actor(identity.getPrincipal());
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return new Caller(actor, ProductScope.of(jwt).products());
        }
        String product = identity.getAttribute(PRODUCT_ATTRIBUTE);
        return new Caller(actor, product == null ? Set.of() : Set.of(product));
    }

    /** The actor a principal is recorded as: a token's user or client, or an integration. */
    public static String actor(Principal principal) {
        return AuditFilter.actor(principal);
    }

    public boolean mayAccess(String product) {
        return products.contains(ALL_PRODUCTS) || products.contains(product);
    }

    /** The caller's one product, or {@code null} when it has several or all. */
    public String onlyProduct() {
        return products.size() == 1 && !products.contains(ALL_PRODUCTS)
                ? products.iterator().next()
                : null;
    }

    /** The products as a command carries them, for the decider to check. */
    public List<String> productList() {
        return List.copyOf(new TreeSet<>(products));
    }
}
