package io.kizuki.notify.channel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kizuki.notify.config.NotifyConfig;

/**
 * Where notifications may go. Slack and webhook URLs and the SMTP server come from the on-call configuration, which an
 * administrator may put through the API: without this check they could aim notify-service at its own network (the
 * cloud's metadata service, the database, Keycloak's admin API). A host whose addresses include a loopback,
 * link-local, private (RFC 1918, IPv6 unique local), unspecified or multicast address is refused unless the operator
 * names it in {@code kizuki.notify.outbound.allow}: host names (exactly), IP addresses, or networks in CIDR form.
 * The local stack allows its stand-ins on {@code localhost}.
 */
@ApplicationScoped
public class OutboundAddresses {

    private final List<String> allowed;

    @Inject
    public OutboundAddresses(NotifyConfig config) {
        this(config.outbound().allow().orElse(List.of()));
    }

    OutboundAddresses(List<String> allowed) {
        this.allowed = allowed.stream()
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> entry.toLowerCase(Locale.ROOT))
                .toList();
    }

    /**
     * @throws DeliveryException (final, not retried) when the host is internal and not allowed; a host that cannot be
     *                           resolved now is retried
     */
    public void check(String channel, String host) {
        if (host == null || host.isBlank()) {
            throw new DeliveryException(channel + " has no host", false, null);
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (allowed.contains(name)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new DeliveryException(channel + " host " + host + " cannot be resolved now", true, null);
        }
        for (InetAddress address : addresses) {
            if (internal(address) && allowed.stream().noneMatch(entry -> matches(entry, address))) {
                throw new DeliveryException(
                        channel + " host " + host + " is an internal address; an operator may "
                                + "allow it in kizuki.notify.outbound.allow",
                        false,
                        null);
            }
        }
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc;
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        // 100.64.0.0/10 (carrier-grade NAT, often cloud-internal) and 0.0.0.0/8
        return first == 0 || (first == 100 && second >= 64 && second < 128);
    }

    /** Whether an allow-list entry (an address or a network in CIDR form) covers the address. */
    static boolean matches(String entry, InetAddress address) {
        int slash = entry.indexOf('/');
        String network = slash < 0 ? entry : entry.substring(0, slash);
        if (!network.matches("[0-9a-f:.]+")) {
            return false;
        }
        try {
            byte[] base = InetAddress.getByName(network).getAddress();
            byte[] candidate = address.getAddress();
            if (base.length != candidate.length) {
                return false;
            }
            int bits = slash < 0 ? base.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            for (int i = 0; i < base.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((base[i] & mask) != (candidate[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
